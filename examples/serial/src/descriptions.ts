// serial.dll's IOCTLs in the description language (docs/properties.md): written once, they give the generated
// valid and hostile calls, the decoded outputs the properties compare, and the types the model is written in.
import { enumOf, flagsOf, ioctl, struct, u32, u8 } from '@cedk/conformance'
import * as io from './ioctls.js'

export const BAUD_RATE = struct('BAUD_RATE', {
  BaudRate: u32({ oneOf: [110, 300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] }),
})

export const SERIAL_LINE_CONTROL = struct('SERIAL_LINE_CONTROL', {
  StopBits: enumOf('u8', { ONESTOPBIT: io.ONESTOPBIT, TWOSTOPBITS: io.TWOSTOPBITS }),
  Parity: enumOf('u8', { NOPARITY: io.NOPARITY, ODDPARITY: io.ODDPARITY, EVENPARITY: io.EVENPARITY }),
  WordLength: u8({ min: 5, max: 8 }),
})

export const COMMTIMEOUTS = struct('COMMTIMEOUTS', {
  ReadIntervalTimeout: u32(),
  ReadTotalTimeoutMultiplier: u32({ min: 0, max: 1000 }),
  ReadTotalTimeoutConstant: u32({ min: 0, max: 10000 }),
  WriteTotalTimeoutMultiplier: u32({ min: 0, max: 1000 }),
  WriteTotalTimeoutConstant: u32({ min: 0, max: 10000 }),
})

export const SERIAL_DEV_STATUS = struct('SERIAL_DEV_STATUS', {
  Errors: flagsOf('u32', { CE_RXOVER: io.CE_RXOVER, CE_OVERRUN: io.CE_OVERRUN, CE_RXPARITY: io.CE_RXPARITY, CE_FRAME: io.CE_FRAME, CE_BREAK: io.CE_BREAK }),
  cbInQue: u32(),
  cbOutQue: u32(),
})

export const PURGE_FLAGS = struct('PURGE_FLAGS', {
  Flags: flagsOf('u32', { PURGE_TXABORT: io.PURGE_TXABORT, PURGE_RXABORT: io.PURGE_RXABORT, PURGE_TXCLEAR: io.PURGE_TXCLEAR, PURGE_RXCLEAR: io.PURGE_RXCLEAR }),
})

export const serialIoctls = [
  ioctl('SET_BAUD_RATE', io.IOCTL_SERIAL_SET_BAUD_RATE, { in: BAUD_RATE }),
  ioctl('GET_BAUD_RATE', io.IOCTL_SERIAL_GET_BAUD_RATE, { out: BAUD_RATE }),
  ioctl('SET_LINE_CONTROL', io.IOCTL_SERIAL_SET_LINE_CONTROL, { in: SERIAL_LINE_CONTROL }),
  ioctl('GET_LINE_CONTROL', io.IOCTL_SERIAL_GET_LINE_CONTROL, { out: SERIAL_LINE_CONTROL }),
  ioctl('SET_TIMEOUTS', io.IOCTL_SERIAL_SET_TIMEOUTS, { in: COMMTIMEOUTS }),
  ioctl('GET_TIMEOUTS', io.IOCTL_SERIAL_GET_TIMEOUTS, { out: COMMTIMEOUTS }),
  ioctl('GET_COMMSTATUS', io.IOCTL_SERIAL_GET_COMMSTATUS, { out: SERIAL_DEV_STATUS }),
  ioctl('PURGE', io.IOCTL_SERIAL_PURGE, { in: PURGE_FLAGS }),
] as const
