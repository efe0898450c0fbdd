// The traces a divergence (CE6-R07) shows side by side: the step that differs, as each mode ran it. The plain runs
// keep no trace of their steps (a machine per scenario, most steps never differ), so the scenario is run again in
// each mode with the same seed — the machine is deterministic, so this is the same run — and the trace of the step is
// exported: the events from the end of the step before it to the end of this one. Only runs with a divergence pay.
import { exportTrace, type DriverModule, type TraceExport } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import { toIoctlSpec } from '../properties/ioctl-spec.js'
import type { ViolationRecord } from '../report/case-record.js'
import type { ModeObservation } from '../verifier/compare-modes.js'
import { bootDriver } from './driver-machine.js'
import type { ConformanceOptions } from './options.js'
import { ScenarioRun, scenarios, type ModeRun } from './scenarios.js'
import { MAX_TRACED } from './violation-trace.js'

/** Events of one step kept at most (the end of the step when it is longer). */
export const STEP_MAX_EVENTS = 800

/** `found` with each mode's trace of the differing step on its first MAX_TRACED divergences. */
export async function withDivergenceTraces(found: ViolationRecord[], driver: DriverModule, options: ConformanceOptions, run: ModeRun): Promise<ViolationRecord[]> {
  let traced = 0
  const out: ViolationRecord[] = []
  for (const v of found) {
    const at = stepOf(run, v)
    if (v.rule !== 'CE6-R07' || !at || traced >= MAX_TRACED) {
      out.push(v)
      continue
    }
    traced++
    const [kernel, udevice] = [await stepTrace(driver, options, 'kernel', run.seed, at), await stepTrace(driver, options, 'udevice', run.seed, at)]
    out.push({ ...v, traces: { ...(kernel ? { kernel } : {}), ...(udevice ? { udevice } : {}) } })
  }
  return out
}

interface StepAt {
  scenario: string
  /** The step's index among its scenario's observations. */
  index: number
}

/** Which scenario, and which of its steps, the divergence's step number (an index into the run's observations) is. */
function stepOf(run: ModeRun, v: ViolationRecord): StepAt | undefined {
  const step = (v.detail as { step?: unknown } | undefined)?.step
  const obs = run.observations ?? []
  if (typeof step !== 'number' || !obs[step]) return undefined
  const titleOf = (o: ModeObservation): string | undefined =>
    run.scenarios.filter((t) => o.step.startsWith(`${t}: `)).sort((a, b) => b.length - a.length)[0]
  const scenario = titleOf(obs[step])
  if (scenario === undefined) return undefined
  return { scenario, index: obs.slice(0, step).filter((o) => titleOf(o) === scenario).length }
}

async function stepTrace(driver: DriverModule, options: ConformanceOptions, mode: Mode, seed: number, at: StepAt): Promise<TraceExport | undefined> {
  const sc = scenarios((options.ioctls ?? []).map(toIoctlSpec)).find((s) => s.title === at.scenario)
  if (!sc) return undefined
  const dm = bootDriver(driver, options, mode, seed)
  const s = new ScenarioRun(dm)
  // Where each step ended in the trace: the observer records a step right after its call returns.
  const ends: number[] = []
  const record = s.observations.push.bind(s.observations)
  s.observations.push = (...items: ModeObservation[]): number => {
    for (let i = 0; i < items.length; i++) ends.push(dm.machine.trace.count - 1)
    return record(...items)
  }
  try {
    await sc.run(s)
  } catch {
    // The plain run already reported how this scenario ended; here only its trace is wanted.
  }
  const end = ends[at.index]
  const trace = end === undefined ? undefined : exportTrace(dm.machine.trace, { from: at.index === 0 ? 0 : ends[at.index - 1]! + 1, to: end, maxEvents: STEP_MAX_EVENTS }, dm.machine.processes)
  await dm.shutdown().catch(() => undefined)
  return trace
}
