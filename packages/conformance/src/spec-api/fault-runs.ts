// Fault injection in the generated suite (issue 4): each scenario runs again with the driver's API calls failing —
// once per fallible call site (systematic) or at random from a seed — and the driver must fail cleanly: no crash,
// no escaped exception, no hang, no leak, no rule broken on the error path. What goes wrong only under a fault is
// reported under its own rule (a caller buffer left open is CE6-M04, a heap leak CE6-R04), the fault named in the
// message; a hang or crash the fault caused is a robustness failure. A failed activation or open is a clean failure,
// not a finding.
import { Bugcheck, HangError, describeFault, type DriverModule, type FaultInjector, type FaultPlan, type TraceExport } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import { violationRecord, type ScenarioFailure, type ViolationRecord } from '../report/case-record.js'
import type { Violation } from '../verifier/violation.js'
import { bootDriver } from './driver-machine.js'
import type { ConformanceOptions, FaultInjection } from './options.js'
import { ScenarioAbort, ScenarioRun, scenarios, type ModeRun, type Scenario } from './scenarios.js'
import { MAX_TRACED, violationTrace } from './violation-trace.js'
import { toIoctlSpec } from '../properties/ioctl-spec.js'

/** Systematic runs per scenario at most (each is a fresh machine). */
const MAX_SITES = 64

interface FaultRun {
  injector: FaultInjector
  violations: Violation[]
  /** The scenario stopped on a hang, a bugcheck or a harness error (not a clean ScenarioAbort). */
  failure: Omit<ScenarioFailure, 'scenario' | 'family'> | null
  format: (e: NonNullable<Violation['event']>) => string
  /** The run's trace around a violation (cedk-trace/1), for the HTML report. */
  traceOf: (v: Violation) => TraceExport | undefined
}

/**
 * Run every scenario under the faults `options.faultInjection` asks for; add what only the faults caused to `found`
 * and `failures`. Returns the runs made, each named by its scenario and faults.
 */
export async function runFaultScenarios(
  driver: DriverModule,
  options: ConformanceOptions,
  mode: Mode,
  run: ModeRun,
  found: ViolationRecord[],
  failures: ScenarioFailure[],
): Promise<string[]> {
  const how = options.faultInjection!
  // One finding per rule, entry point and fault: the same Init failure shows in every scenario's run.
  const reported = new Set<string>()
  const ran: string[] = []
  for (const sc of scenarios((options.ioctls ?? []).map(toIoctlSpec))) {
    const known = new Set(run.violations.filter((v) => v.scenario === sc.title).map(keyOf))
    for (const plan of await plansFor(how, () => faultRun(sc, driver, options, mode, run.seed, { nth: 0 }))) {
      const r = await faultRun(sc, driver, options, mode, run.seed, plan)
      if (!r.injector.injected.length) continue
      ran.push(`${sc.title}, with ${r.injector.injected.map(describeFault).join('; ')}`)
      judge(sc.title, r, known, reported, found, failures)
    }
  }
  return ran
}

async function plansFor(how: FaultInjection, count: () => Promise<FaultRun>): Promise<FaultPlan[]> {
  if (how !== 'systematic') {
    const { seed, rate = 0.2, runs = 8 } = how
    return Array.from({ length: runs }, (_, i) => ({ seed: (seed + i) >>> 0, rate }))
  }
  const { injector } = await count()
  const first = new Map<string, number>()
  injector.calls.forEach((c, i) => first.has(c.site) || first.set(c.site, i + 1))
  return [...first.values()].slice(0, MAX_SITES).map((nth) => ({ nth }))
}

async function faultRun(sc: Scenario, driver: DriverModule, options: ConformanceOptions, mode: Mode, seed: number, plan: FaultPlan): Promise<FaultRun> {
  const dm = bootDriver(driver, options, mode, seed)
  const injector = dm.machine.injectFaults({ ...plan, driver: driver.dll })!
  let failure: FaultRun['failure'] = null
  try {
    await sc.run(new ScenarioRun(dm))
  } catch (e) {
    if (!(e instanceof ScenarioAbort)) failure = { verdict: e instanceof HangError ? 'hang' : e instanceof Bugcheck ? 'driver-crash' : 'harness-error', message: messageOf(e) }
  }
  let violations = dm.verifier.violations
  try {
    violations = await dm.shutdown()
  } catch (e) {
    failure ??= { verdict: 'harness-error', message: `shutdown failed: ${messageOf(e)}` }
  }
  return { injector, violations, failure, format: (e) => dm.machine.trace.format(e), traceOf: (v) => violationTrace(dm.machine, v) }
}

/** Record the run's findings the plain run did not have, each naming the injected faults. */
function judge(scenario: string, r: FaultRun, known: Set<string>, reported: Set<string>, found: ViolationRecord[], failures: ScenarioFailure[]): void {
  const faults = r.injector.injected.map(describeFault).join('; ')
  const where = `${scenario}, with ${faults}`
  const sites = r.injector.injected.map((f) => f.site).join('; ')
  const fresh = r.violations.filter((v) => !known.has(keyOf(v)))
  for (const v of fresh) {
    const key = `${keyOf(v)}|${sites}`
    if (reported.has(key)) continue
    reported.add(key)
    const rec = violationRecord({ ...v, message: `${v.message} — after ${faults}` }, where, r.format)
    // Bounded as the plain runs are: at most MAX_TRACED traced findings of one scenario's fault runs.
    const trace = found.filter((f) => f.trace && f.scenario.startsWith(`${scenario}, with `)).length < MAX_TRACED ? r.traceOf(v) : undefined
    found.push({ ...rec, detail: { ...rec.detail, faults: r.injector.injected }, ...(trace ? { trace } : {}) })
  }
  if (r.failure && (r.failure.verdict === 'harness-error' || !fresh.length)) failures.push({ scenario: where, family: 'robustness', ...r.failure, message: `${r.failure.message} — after ${faults}` })
}

const keyOf = (v: { rule: string; entry: string }): string => `${v.rule}|${v.entry}`

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
