// legacy.dll's IOCTLs. GET_INFO's input is { DWORD pBuffer; DWORD cbBuffer }: an embedded pointer to the caller's
// text buffer. READ_ASYNC returns at once and fills the output buffer later, from a worker thread.
export const IOCTL_LEG_GET_INFO = 0x00220004
export const IOCTL_LEG_READ_ASYNC = 0x00220008
export const INFO_REQUEST_SIZE = 8
/** How long the worker takes before it writes the capture into the caller's buffer (virtual ms). */
export const CAPTURE_DELAY_MS = 5
