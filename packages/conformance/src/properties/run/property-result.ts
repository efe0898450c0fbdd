// What a failed property found, as the report stores it: the rule violations of its shrunk counterexample that the
// property judged (a no-violation failure counts its violations, not only "the property failed"), and each problem
// that is no rule (a call that returned TRUE on a bad pointer, a hang, a leak at shutdown) as a robustness failure.
// The matrix counts them in their cells, so a property that failed never leaves its driver's row ✓.
import type { Mode } from '../../mode.js'
import { violationRecord, type PropertyResult, type ScenarioFailure } from '../../report/case-record.js'
import type { Verdict, Violation } from '../../verifier/violation.js'
import { divergences } from './equivalence.js'
import type { Execution } from './execute.js'
import type { PropertyFailure } from './check.js'

const firstLine = (s: string) => s.split('\n')[0]!

/** The verdict of a problem that names no rule, from the wording checks.ts gives it. */
function problemVerdict(problem: string): Verdict {
  if (/ hung$/.test(problem)) return 'hang'
  if (/^bugcheck|udevice host crash|^exception escaped/.test(problem)) return 'driver-crash'
  if (/leak\(s\) at shutdown$/.test(problem)) return 'leak'
  return 'violation'
}

export function propertyResult(failure: PropertyFailure<unknown, Execution[]> | undefined, id: string, dll: string, mode: Mode): PropertyResult {
  if (!failure) return { violations: [], failures: [] }
  const scenario = `property ${id}`
  const xs = failure.detail ?? []
  const candidates: Violation[] = id === 'equivalence' ? (xs.length === 2 ? divergences(xs[0]!, xs[1]!, dll) : []) : (xs[0]?.violations ?? [])
  const judged = candidates.filter((v) => failure.problems.includes(firstLine(v.message)) || failure.problems.includes(v.message))
  const named = new Set(judged.flatMap((v) => [firstLine(v.message), v.message]))
  const format = (e: { seq: number; type: string }) => `#${e.seq} ${e.type}`
  const failures: ScenarioFailure[] = failure.problems
    .filter((p) => !named.has(p))
    .map((message) => ({ scenario, family: 'robustness', verdict: problemVerdict(message), message: `${message} (${mode} mode)` }))
  if (failure.error) failures.push({ scenario, family: 'robustness', verdict: 'harness-error', message: failure.error })
  return { violations: judged.map((v) => violationRecord(v, scenario, format)), failures }
}
