// The equivalence property on a call still running when its caller exited: the output is nobody's to read, and
// whether the call finished before or after the exit depends on each mode's scheduling (the clean corpus's
// adcsampler, an interrupt-driven ADC, diverged on exactly that). Success, error and bytes are still compared.
import { describe, expect, test } from 'vitest'
import type { CallOutcome, Execution } from '../../src/properties/run/execute.js'
import { divergences } from '../../src/properties/run/equivalence.js'

const ok = { ok: true, value: 1, lastError: 0, error: 'ERROR_SUCCESS', bytes: 4 }
const call = (o: Partial<CallOutcome>): CallOutcome => ({ step: 0, ioctl: 'SAMPLE', process: 'app1.exe', thread: 0, placed: null, result: ok, ...o })
const run = (mode: 'kernel' | 'udevice', o: Partial<CallOutcome>): Execution =>
  ({ mode, outcomes: [call(o)], violations: [], leaks: 0, bugcheck: null, udeviceCrashes: 0, exceptions: [], fingerprint: '' }) as Execution

describe('equivalence with a caller that exited during the call', () => {
  test('output read back in one mode, caller gone in the other: not a divergence', () => {
    expect(divergences(run('kernel', { output: new Uint8Array([7, 0, 0, 0]) }), run('udevice', { callerGone: true }), 'adc.dll')).toEqual([])
  })
  test('the bytes returned still count', () => {
    const vs = divergences(run('kernel', { output: new Uint8Array([7, 0, 0, 0]) }), run('udevice', { callerGone: true, result: { ...ok, bytes: 2 } }), 'adc.dll')
    expect(vs.map((v) => v.rule)).toEqual(['CE6-R07'])
  })
  test('both outputs read back and different: a divergence', () => {
    const vs = divergences(run('kernel', { output: new Uint8Array([7, 0, 0, 0]) }), run('udevice', { output: new Uint8Array([8, 0, 0, 0]) }), 'adc.dll')
    expect(vs.map((v) => v.rule)).toEqual(['CE6-R07'])
  })
})
