// battmon.dll's IOCTLs (FILE_DEVICE_BATTERY 0x29, METHOD_BUFFERED, FILE_ANY_ACCESS).
const code = (fn: number): number => ((0x29 << 16) | (fn << 2)) >>> 0

/** In: DWORD charge level in percent (what the power manager reads from the gauge). No output. */
export const IOCTL_BATTERY_SET_LEVEL = code(0x900)
/** Out: BATTERY_STATUS { DWORD level; DWORD warningsShown; DWORD lastAnswer; }. */
export const IOCTL_BATTERY_GET_STATUS = code(0x901)
export const STATUS_SIZE = 12
