// IOCTL encoding (fact sheet §11). In CE the method and access bits do not change how buffers are passed: every
// device IOCTL goes through the same DeviceIoControl signature, and the device manager never checks the access bits.

export const METHOD_BUFFERED = 0
export const METHOD_IN_DIRECT = 1
export const METHOD_OUT_DIRECT = 2
export const METHOD_NEITHER = 3

export const FILE_ANY_ACCESS = 0
export const FILE_READ_ACCESS = 1
export const FILE_WRITE_ACCESS = 2

export const FILE_DEVICE_SERIAL_PORT = 0x1b
export const FILE_DEVICE_HAL = 0x101
export const FILE_DEVICE_PSL = 0x103

/** CTL_CODE(DeviceType, Function, Method, Access) = (DeviceType << 16) | (Access << 14) | (Function << 2) | Method. */
export function CTL_CODE(deviceType: number, fn: number, method: number, access: number): number {
  return ((deviceType << 16) | (access << 14) | (fn << 2) | method) >>> 0
}

/** The parts of an IOCTL code, for messages and reports. */
export function decodeCtlCode(code: number): { deviceType: number; fn: number; method: number; access: number } {
  return { deviceType: code >>> 16, access: (code >>> 14) & 3, fn: (code >>> 2) & 0xfff, method: code & 3 }
}

/** Sent by the kernel on process events; only trusted callers or the handle's owner may send it (fact sheet §9.7). */
export const IOCTL_PSL_NOTIFY = CTL_CODE(FILE_DEVICE_PSL, 255, METHOD_NEITHER, FILE_ANY_ACCESS)
