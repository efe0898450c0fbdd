// Equivalence: the same program gives the same return values, bytes returned, last errors and output bytes in
// kernel mode and in udevice mode. A difference is rule CE6-R07 (divergence-between-modes), with both traces.
import { compareModes, type ModeObservation } from '../../verifier/index.js'
import type { Violation } from '../../verifier/violation.js'
import type { Execution } from './execute.js'

export function observations(x: Execution): ModeObservation[] {
  return x.outcomes.map((o) => ({
    step: `#${o.step + 1} ${o.ioctl} (${o.process} thread ${o.thread})`,
    result: o.failure ?? { ok: o.result!.ok, lastError: o.result!.error, bytes: o.result!.bytes, output: o.output ?? null },
  }))
}

export function divergences(kernel: Execution, udevice: Execution, dll: string): Violation[] {
  return compareModes(observations(kernel), observations(udevice), dll)
}
