// One cell of the matrix from one mode's run: the family's violations (waived where the expectations file says so),
// the scenario failures charged to it, and its verdict.
import type { ProvidedExpectations } from '../provided-context.js'
import type { FamilyResult, ViolationRecord } from '../report/case-record.js'
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
  // A scenario that stopped part-way checked nothing after the stop: a family with nothing of its own to show is
  // not a pass then, but carries the reason (the robustness cell has the details).
  const stopped = run.failures.filter((f) => f.incomplete && f.family !== family)
  if (stopped.length && !failures.length && !violations.length) {
    const first = stopped[0]!
    failures.push({ scenario: first.scenario, family, verdict: first.verdict, message: `not checked: ${stopped.length} scenario(s) did not complete (${first.message})` })
  }
  if (run.harnessError) failures.push({ scenario: 'boot', family, verdict: 'harness-error', message: run.harnessError })
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
