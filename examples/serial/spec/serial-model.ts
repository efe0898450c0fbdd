// A model of serial.dll's settings for the property suites: what each valid IOCTL must answer, in plain TS.
import type { DriverModel, Infer } from '@cedk/conformance'
import { COMMTIMEOUTS, SERIAL_LINE_CONTROL, serialIoctls } from '../src/descriptions.js'

interface SerialState {
  baud: number
  line: Infer<typeof SERIAL_LINE_CONTROL>
  timeouts: Infer<typeof COMMTIMEOUTS>
}

export const serialModel: DriverModel<typeof serialIoctls, SerialState> = {
  initial: () => ({
    baud: 115200,
    line: { StopBits: 0, Parity: 0, WordLength: 8 },
    timeouts: { ReadIntervalTimeout: 0, ReadTotalTimeoutMultiplier: 0, ReadTotalTimeoutConstant: 0, WriteTotalTimeoutMultiplier: 0, WriteTotalTimeoutConstant: 0 },
  }),
  ioctls: {
    SET_BAUD_RATE: (s, input) => ((s.baud = input.BaudRate), { ok: true }),
    GET_BAUD_RATE: (s) => ({ ok: true, output: { BaudRate: s.baud } }),
    SET_LINE_CONTROL: (s, input) => ((s.line = { ...input }), { ok: true }),
    GET_LINE_CONTROL: (s) => ({ ok: true, output: s.line }),
    SET_TIMEOUTS: (s, input) => ((s.timeouts = { ...input }), { ok: true }),
    GET_TIMEOUTS: (s) => ({ ok: true, output: s.timeouts }),
    // No traffic in these runs: no errors, empty queues.
    GET_COMMSTATUS: () => ({ ok: true, output: { Errors: 0, cbInQue: 0, cbOutQue: 0 } }),
    PURGE: () => ({ ok: true }),
  },
}
