// Equivalence: the same program gives the same results in kernel mode and in udevice mode, as far as CE6 defines
// them (call-observation.ts: success or failure; the error of a failure; bytes returned and output bytes of a
// success). A difference is rule CE6-R07 (divergence-between-modes), with both traces.
import { definedResult } from '../../verifier/call-observation.js'
import { compareModes, type ModeObservation } from '../../verifier/index.js'
import type { Violation } from '../../verifier/violation.js'
import type { CallOutcome, Execution } from './execute.js'

/** What one call gave, as the equivalence property compares it. */
export function observation(o: CallOutcome): Omit<ModeObservation, 'step'> {
  return {
    result: o.failure ?? definedResult({ ok: o.result!.ok, lastError: o.result!.error, bytes: o.result!.bytes, out: o.output ? Array.from(o.output) : null }),
    ...(o.reflectorDifference && { notCompared: o.reflectorDifference }),
  }
}

export function observations(x: Execution): ModeObservation[] {
  return x.outcomes.map((o) => ({ step: `#${o.step + 1} ${o.ioctl} (${o.process} thread ${o.thread})`, ...observation(o) }))
}

export function divergences(kernel: Execution, udevice: Execution, dll: string): Violation[] {
  return compareModes(observations(kernel), observations(udevice), dll)
}
