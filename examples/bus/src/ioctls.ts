// The IOCTLs of the bus and its clients (METHOD_BUFFERED, FILE_ANY_ACCESS).
const code = (device: number, fn: number): number => ((device << 16) | (fn << 2)) >>> 0

/** sbus.dll. Out: DWORD count, then { DWORD addr; DWORD value; } per attached client, sampled through its table. */
export const IOCTL_SBUS_SAMPLE_ALL = code(0x2a, 0x800)
/** Each client. Out: DWORD reading. */
export const IOCTL_SENSOR_READ = code(0x2a, 0x810)
