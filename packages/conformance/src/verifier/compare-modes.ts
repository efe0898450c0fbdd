// CE6-R07 is not a runtime rule: it compares two runs. The spec-file API records what each step of a scenario gave
// in kernel mode and in udevice (return value, last error, bytes returned, output data) and hands both lists here.
import { getRule } from '../rules/table.js'
import type { Violation } from './violation.js'

export interface ModeObservation {
  /** The step, e.g. "DeviceIoControl(0x222004)". */
  readonly step: string
  /** What it gave; compared as JSON (Uint8Array as its bytes). */
  readonly result: unknown
  /** Why CE6 lets the two modes give different results at this step (call-observation.ts); the step is not compared. */
  readonly notCompared?: string
  /** The machine the step ran on (a scenario's title); steps of one run share the driver's state. */
  readonly run?: string
}

const json = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))

/**
 * One CE6-R07 violation per step whose result differs between the kernel run and the udevice run. A step marked
 * notCompared is skipped, and so are the later steps of its run: the driver legitimately took different paths in
 * the two modes there (in udevice the reflector refused the call before the driver ran; in kernel mode the driver
 * ran, and may have changed its state — consumed a FIFO's data, counted a sample — before it failed), even when
 * both modes answered that step with the same error.
 */
export function compareModes(kernel: readonly ModeObservation[], udevice: readonly ModeObservation[], driver = ''): Violation[] {
  const rule = getRule('CE6-R07')
  const out: Violation[] = []
  const n = Math.max(kernel.length, udevice.length)
  let apart: string | undefined | null = null // the run whose modes went apart at a not-compared step
  for (let i = 0; i < n; i++) {
    const k = kernel[i]
    const u = udevice[i]
    const a = json(k?.result)
    const b = json(u?.result)
    if (apart !== null && k?.run === apart && u?.run === apart) continue
    apart = null
    if (k?.step === u?.step && (k?.notCompared || u?.notCompared)) {
      apart = k?.run
      continue
    }
    if (k?.step === u?.step && a === b) continue
    out.push({
      rule: rule.id,
      mode: 'udevice',
      driver,
      entry: (k ?? u)!.step,
      message: `${rule.id} ${rule.title}: step ${i + 1} ${k?.step ?? '(none)'} gave ${a ?? 'nothing'} in kernel mode and ${u?.step ?? '(none)'} gave ${b ?? 'nothing'} in udevice`,
      event: null,
      stack: [],
      fix: rule.fix,
      detail: { step: i, kernel: k?.result, udevice: u?.result },
    })
  }
  return out
}
