// Equivalence: the same program gives the same results in kernel mode and in udevice mode, as far as CE6 defines
// them (call-observation.ts: success or failure; the error of a failure; bytes returned and output bytes of a
// success). A difference is rule CE6-R07 (divergence-between-modes), with both traces.
import { definedResult, type DefinedResult } from '../../verifier/call-observation.js'
import { compareModes, type ModeObservation } from '../../verifier/index.js'
import type { Violation } from '../../verifier/violation.js'
import type { CallOutcome, Execution } from './execute.js'

/** What one call gave, as the equivalence property compares it. */
export function observation(o: CallOutcome): Omit<ModeObservation, 'step'> {
  return {
    result: o.failure ?? definedResult({ ok: o.result!.ok, lastError: o.result!.error, bytes: o.result!.bytes, out: o.output ? Array.from(o.output) : o.callerGone ? undefined : null }),
    ...(o.reflectorDifference && { notCompared: o.reflectorDifference }),
  }
}

export function observations(x: Execution): ModeObservation[] {
  return x.outcomes.map((o) => ({ step: `#${o.step + 1} ${o.ioctl} (${o.process} thread ${o.thread})`, ...observation(o) }))
}

export function divergences(kernel: Execution, udevice: Execution, dll: string): Violation[] {
  const k = observations(kernel)
  const u = observations(udevice)
  k.forEach((o, i) => {
    if (u[i]) [k[i], u[i]] = outputsBothSeen(o, u[i]!)
  })
  return compareModes(k, u, dll)
}

/**
 * A call still running when its caller exited returns to nobody: its output cannot be read back, and which mode's
 * scheduling let the call finish before the exit is not CE6's to define. When one mode has no output to show for
 * that reason, the other's output is not compared either (the success, the error and the bytes still are).
 */
function outputsBothSeen(k: ModeObservation, u: ModeObservation): [ModeObservation, ModeObservation] {
  const has = (o: ModeObservation): boolean => typeof o.result === 'object' && o.result !== null && 'out' in o.result
  if (has(k) === has(u)) return [k, u]
  const drop = (o: ModeObservation): ModeObservation => {
    if (!has(o)) return o
    const { out: _out, ...rest } = o.result as DefinedResult
    return { ...o, result: rest }
  }
  return [drop(k), drop(u)]
}
