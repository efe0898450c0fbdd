// The IOCTLs of both variants (FILE_DEVICE_UNKNOWN, METHOD_BUFFERED, FILE_ANY_ACCESS).
const code = (fn: number): number => ((0x22 << 16) | (fn << 2)) >>> 0

/** Kernel variant. In: the data. Out: the DWORD the CRC is written to later, from the worker thread. */
export const IOCTL_CRC_START = code(0x800)
/** Kernel variant. Blocks until every request of this handle has completed. No buffers. */
export const IOCTL_CRC_WAIT_ALL = code(0x801)
/** Portable variant. In: the data. Out: a DWORD request id, at once. */
export const IOCTL_CRC_SUBMIT = code(0x810)
/** Portable variant. In: a request id. Out: the DWORD CRC; blocks until the worker has finished that request. */
export const IOCTL_CRC_RESULT = code(0x811)

/** The most a request may carry. */
export const MAX_REQUEST = 64 * 1024
/** How long IOCTL_CRC_RESULT and IOCTL_CRC_WAIT_ALL wait before giving up with ERROR_TIMEOUT. */
export const WAIT_MS = 5000
