// CE6-R07 in the generated suite: the same scenario steps, run in kernel mode and in udevice, must give the same
// observations (return value, last error, bytes returned, output bytes). Each step that differs is a divergence,
// reported in the robustness family of both modes with both observations in its message.
import type { TraceEvent } from '@cedk/kernel'
import { violationRecord, type ViolationRecord } from '../report/case-record.js'
import { compareModes } from '../verifier/compare-modes.js'
import type { ModeRun } from './scenarios.js'

const noFormat = (e: TraceEvent): string => e.type

/** The divergences between `run` and the other mode's `other`, as `run`'s mode's violations. */
export function divergences(run: ModeRun, other: ModeRun): ViolationRecord[] {
  const [kernel, udevice] = run.mode === 'kernel' ? [run, other] : [other, run]
  return compareModes(kernel.observations ?? [], udevice.observations ?? [], run.dll).map((v) =>
    violationRecord({ ...v, mode: run.mode }, v.entry.split(': ')[0] ?? v.entry, noFormat),
  )
}
