// What the run properties count: a warning-severity rule (CE6-U02) keeps no-violation, as it keeps a matrix cell
// passing; an error-severity rule breaks it. The clean corpus's pinpad (a udevice-only driver that asks the user to
// confirm) failed no-violation on its MessageBox before. And errors-not-faults blames a TRUE on a bad buffer only when
// the driver used that buffer (the clean corpus's ringbuf answered READ on an empty FIFO with TRUE, 0 bytes).
import { describe, expect, test } from 'vitest'
import type { Program } from '../../src/properties/arbitraries/plan.js'
import { ioctl, type IoctlSet } from '../../src/properties/describe/ioctl.js'
import { struct, u32 } from '../../src/properties/describe/index.js'
import { judge } from '../../src/properties/run/checks.js'
import type { Execution } from '../../src/properties/run/execute.js'
import type { Violation } from '../../src/verifier/violation.js'

const run = (violations: Partial<Violation>[]): Execution =>
  ({ mode: 'udevice', outcomes: [], violations, leaks: 0, bugcheck: null, udeviceCrashes: 0, exceptions: [], fingerprint: '' }) as unknown as Execution
const judgeNoViolation = (x: Execution): string[] => judge('no-violation', x, {} as IoctlSet, { steps: [] } as unknown as Program)

describe('no-violation', () => {
  test('a warning (CE6-U02) keeps it', () => {
    expect(judgeNoViolation(run([{ rule: 'CE6-U02', message: 'CE6-U02 UI called directly from a user-mode driver: MessageBox' }]))).toEqual([])
  })
  test('an error breaks it, next to a warning', () => {
    const x = run([
      { rule: 'CE6-U02', message: 'CE6-U02 UI called directly from a user-mode driver: MessageBox' },
      { rule: 'CE6-M01', message: 'CE6-M01 Embedded pointer used without CeOpenCallerBuffer: read' },
    ])
    expect(judgeNoViolation(x)).toEqual(['CE6-M01 Embedded pointer used without CeOpenCallerBuffer: read'])
  })
})

describe('errors-not-faults', () => {
  const set: IoctlSet = [ioctl('READ', 1, { out: struct('DATA', { dw: u32() }) })]
  const program = { steps: [{ call: { ioctl: 'READ', inBuf: { kind: 'valid' }, outBuf: { kind: 'guard' } }, proc: 0, thread: 0 }] } as unknown as Program
  const withOutcome = (o: object): Execution =>
    ({ ...run([]), outcomes: [{ step: 0, ioctl: 'READ', process: 'app0.exe', thread: 0, placed: null, result: { ok: true, value: 1, lastError: 0, error: 'ERROR_SUCCESS', bytes: 0 }, ...o }] }) as unknown as Execution
  const judged = (x: Execution): string[] => judge('errors-not-faults', x, set, program)

  test('TRUE with nothing returned and the buffer never touched keeps it', () => {
    expect(judged(withOutcome({}))).toEqual([])
  })
  test('TRUE after swallowing a fault on the buffer breaks it', () => {
    expect(judged(withOutcome({ faultedOnBadBuffer: true }))).toEqual(['#1 READ with lpOutBuf guard returned TRUE after an access fault on it'])
  })
  test('TRUE claiming bytes written into the bad buffer breaks it', () => {
    const x = withOutcome({ result: { ok: true, value: 1, lastError: 0, error: 'ERROR_SUCCESS', bytes: 4 } })
    expect(judged(x)).toEqual(['#1 READ with lpOutBuf guard returned TRUE (4 bytes returned)'])
  })
})
