// One cell of the matrix from one mode's run: the family's violations (waived where the expectations file says so),
// the scenario failures charged to it, and its verdict.
import type { ProvidedExpectations } from '../provided-context.js'
import type { FamilyResult, ScenarioFailure, ViolationRecord } from '../report/case-record.js'
import { activeWaiver } from '../report/expectations.js'
import { cellVerdict, familyApplies } from '../report/verdict.js'
import type { Family } from '../rules/family.js'
import type { ModeRun } from './scenarios.js'

/** `spec`: the path of the spec file that found them, for waivers scoped to one spec. */
export function applyWaivers(violations: readonly ViolationRecord[], provided: ProvidedExpectations | undefined, spec: string | undefined): ViolationRecord[] {
  if (!provided) return [...violations]
  return violations.map((v) => {
    const w = activeWaiver(provided.expectations.waivers, { ...v, spec }, provided.today)
    return w ? { ...v, waiver: { reason: w.reason, expires: w.expires } } : v
  })
}

export function familyResult(run: ModeRun, family: Family, provided: ProvidedExpectations | undefined, spec?: string): FamilyResult {
  const violations = applyWaivers(
    run.violations.filter((v) => v.family === family),
    provided,
    spec,
  )
  const failures = run.failures.filter((f) => f.family === family)
  if (run.harnessError) failures.push({ scenario: 'boot', family, verdict: 'harness-error', message: run.harnessError })
  else if (!failures.length && !violations.length) {
    const skipped = notChecked(run)
    // A family with no rule checked in this mode stays not applicable, loaded or not.
    if (skipped && (skipped.verdict !== 'not-checked' || familyApplies(family, run.mode))) failures.push({ ...skipped, family })
  }
  const errors = violations.filter((v) => v.severity === 'error')
  const verdict = run.harnessError
    ? 'harness-error'
    : cellVerdict({
        applies: familyApplies(family, run.mode),
        open: errors.filter((v) => !v.waiver).map((v) => v.rule),
        waived: errors.filter((v) => v.waiver).map((v) => v.rule),
        failures: failures.map((f) => f.verdict),
      })
  return { seed: run.seed, verdict, violations, failures, scenarios: [...run.scenarios] }
}

/**
 * Why a family with nothing of its own to show was not checked: the driver did not load in this mode (the finding
 * that explains it is in its own family's cell), or a scenario stopped part-way (it checked nothing after the stop;
 * the robustness cell has the details).
 */
function notChecked(run: ModeRun): Omit<ScenarioFailure, 'family'> | null {
  const scenario = run.scenarios[0] ?? 'load and unload'
  if (run.notLoaded) return { scenario, verdict: 'not-checked', message: `not checked: did not load (${run.notLoaded.replace(/^the driver did not load: /, '')})` }
  const stopped = run.failures.filter((f) => f.incomplete)
  if (!stopped.length) return null
  const first = stopped[0]!
  return { scenario: first.scenario, verdict: first.verdict, message: `not checked: ${stopped.length} scenario(s) did not complete (${first.message})` }
}
