// The runs of one conformance() suite, shared by its per-mode describes: each mode's scenarios run once; the result
// a family test judges adds the fault-injection runs (when asked for) and, when both modes run and the driver
// loaded in both, the divergences between the two (CE6-R07).
import type { DriverModule } from '@cedk/kernel'
import { MODES, type Mode } from '../mode.js'
import { divergences } from './divergence.js'
import { withDivergenceTraces } from './divergence-trace.js'
import { runFaultScenarios } from './fault-runs.js'
import type { ConformanceOptions } from './options.js'
import { specSeed } from './run-settings.js'
import { runScenarios, type ModeRun } from './scenarios.js'

export type ModeRuns = (mode: Mode) => Promise<ModeRun>

export function modeRuns(driver: DriverModule, options: ConformanceOptions): ModeRuns {
  const modes = options.modes ?? MODES
  const seed = (): number => specSeed(options.seed).seed
  const plain = memo((mode: Mode) => runScenarios(driver, options, mode, seed()))
  return memo(async (mode: Mode) => {
    const run = await plain(mode)
    if (run.harnessError || run.notLoaded) return run
    const found = [...run.violations]
    const failures = [...run.failures]
    const faultRuns = options.faultInjection ? await runFaultScenarios(driver, options, mode, run, found, failures) : undefined
    const other = modes.find((m) => m !== mode)
    const theirs = other ? await plain(other) : undefined
    // Nothing to compare with a mode where the driver did not load: that mode's own result says why.
    if (theirs && !theirs.harnessError && !theirs.notLoaded) found.push(...(await withDivergenceTraces(divergences(run, theirs), driver, options, run)))
    return { ...run, violations: found, failures, ...(faultRuns ? { faultRuns } : {}) }
  })
}

function memo<T>(f: (mode: Mode) => Promise<T>): (mode: Mode) => Promise<T> {
  const done = new Map<Mode, Promise<T>>()
  return (mode) => {
    let p = done.get(mode)
    if (!p) done.set(mode, (p = f(mode)))
    return p
  }
}
