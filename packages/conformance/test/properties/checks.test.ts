// What the run properties count: a warning-severity rule (CE6-U02) keeps no-violation, as it keeps a matrix cell
// passing; an error-severity rule breaks it. The clean corpus's pinpad (a udevice-only driver that asks the user to
// confirm) failed no-violation on its MessageBox before.
import { describe, expect, test } from 'vitest'
import type { Program } from '../../src/properties/arbitraries/plan.js'
import type { IoctlSet } from '../../src/properties/describe/ioctl.js'
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
