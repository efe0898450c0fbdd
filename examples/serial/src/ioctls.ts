// The serial example's IOCTLs: flat buffers only (no embedded pointers). The codes are this example's own
// (function numbers 0x800+ of FILE_DEVICE_SERIAL_PORT, the customer range), not CE's pegdser.h values.
import { CTL_CODE, FILE_ANY_ACCESS, FILE_DEVICE_SERIAL_PORT, METHOD_BUFFERED, getLE, putLE } from '@cedk/kernel'

const code = (fn: number): number => CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x800 + fn, METHOD_BUFFERED, FILE_ANY_ACCESS)

/** in: DWORD baud rate. */
export const IOCTL_SERIAL_SET_BAUD_RATE = code(1)
/** out: DWORD baud rate. */
export const IOCTL_SERIAL_GET_BAUD_RATE = code(2)
/** in: SERIAL_LINE_CONTROL { BYTE StopBits (0 = 1, 2 = 2); BYTE Parity (0 none, 1 odd, 2 even); BYTE WordLength (5–8) }. */
export const IOCTL_SERIAL_SET_LINE_CONTROL = code(3)
/** out: SERIAL_LINE_CONTROL. */
export const IOCTL_SERIAL_GET_LINE_CONTROL = code(4)
/** in: COMMTIMEOUTS (5 DWORDs). */
export const IOCTL_SERIAL_SET_TIMEOUTS = code(5)
/** out: COMMTIMEOUTS. */
export const IOCTL_SERIAL_GET_TIMEOUTS = code(6)
/** out: SERIAL_DEV_STATUS { DWORD Errors; DWORD cbInQue; DWORD cbOutQue } (reading it clears Errors). */
export const IOCTL_SERIAL_GET_COMMSTATUS = code(7)
/** in: DWORD PURGE_* flags. */
export const IOCTL_SERIAL_PURGE = code(8)

export const SERIAL_LINE_CONTROL_SIZE = 3
export const COMMTIMEOUTS_SIZE = 20
export const SERIAL_DEV_STATUS_SIZE = 12

/** COMMTIMEOUTS, in milliseconds. MAXDWORD interval with zero totals: Read returns at once with what is there. */
export interface CommTimeouts {
  ReadIntervalTimeout: number
  ReadTotalTimeoutMultiplier: number
  ReadTotalTimeoutConstant: number
  WriteTotalTimeoutMultiplier: number
  WriteTotalTimeoutConstant: number
}

export const MAXDWORD = 0xffffffff

// Comm error bits (winbase.h CE_*) reported in SERIAL_DEV_STATUS.Errors.
export const CE_RXOVER = 0x0001
export const CE_OVERRUN = 0x0002
export const CE_RXPARITY = 0x0004
export const CE_FRAME = 0x0008
export const CE_BREAK = 0x0010

// PURGE_* flags.
export const PURGE_TXABORT = 0x0001
export const PURGE_RXABORT = 0x0002
export const PURGE_TXCLEAR = 0x0004
export const PURGE_RXCLEAR = 0x0008

export const NOPARITY = 0
export const ODDPARITY = 1
export const EVENPARITY = 2
export const ONESTOPBIT = 0
export const TWOSTOPBITS = 2

export function encodeTimeouts(t: CommTimeouts): Uint8Array {
  return dwords(t.ReadIntervalTimeout, t.ReadTotalTimeoutMultiplier, t.ReadTotalTimeoutConstant, t.WriteTotalTimeoutMultiplier, t.WriteTotalTimeoutConstant)
}

export function decodeTimeouts(b: Uint8Array): CommTimeouts {
  const d = (i: number): number => dwordAt(b, i)
  return { ReadIntervalTimeout: d(0), ReadTotalTimeoutMultiplier: d(1), ReadTotalTimeoutConstant: d(2), WriteTotalTimeoutMultiplier: d(3), WriteTotalTimeoutConstant: d(4) }
}

/** The DWORDs `vs`, little-endian, one after the other (as the structs hold them). */
export function dwords(...vs: number[]): Uint8Array {
  const b = new Uint8Array(4 * vs.length)
  vs.forEach((x, i) => putLE(b, 4 * i, 4, x))
  return b
}

/** The `i`-th DWORD of `b`. */
export const dwordAt = (b: Uint8Array, i: number): number => getLE(b, 4 * i, 4)
