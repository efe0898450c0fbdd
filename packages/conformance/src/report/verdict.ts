// The verdict taxonomy applied to one cell of the matrix (a driver, a mode, a rule family): what its violations,
// its waivers and the scenarios that could not run say, most serious first.
import type { Mode } from '../mode.js'
import type { Family } from '../rules/family.js'
import { findRule, rulesOf } from '../rules/table.js'
import type { Verdict } from '../verifier/violation.js'

/** Order of seriousness when a cell has several kinds of findings. */
const SERIOUSNESS: readonly Verdict[] = ['harness-error', 'driver-crash', 'hang', 'leak', 'divergence', 'violation', 'waived', 'not-checked', 'not-applicable', 'pass']

const RULE_VERDICTS: Readonly<Record<string, Verdict>> = {
  'CE6-R01': 'driver-crash',
  'CE6-R02': 'driver-crash',
  'CE6-R03': 'leak',
  'CE6-R04': 'leak',
  'CE6-R05': 'leak',
  'CE6-R06': 'hang',
  'CE6-R07': 'divergence',
}

/** The verdict a violation of this rule gives its cell. */
export function ruleVerdict(rule: string): Verdict {
  return RULE_VERDICTS[rule] ?? 'violation'
}

export function isWarning(rule: string): boolean {
  return findRule(rule)?.severity === 'warning'
}

/** True when some rule of the family is checked at run time in this mode. */
export function familyApplies(family: Family, mode: Mode): boolean {
  return rulesOf(family).some((r) => r.modes.includes(mode) && r.detection.includes('runtime'))
}

export function mostSerious(verdicts: Iterable<Verdict>): Verdict {
  let best: Verdict = 'pass'
  for (const v of verdicts) if (SERIOUSNESS.indexOf(v) < SERIOUSNESS.indexOf(best)) best = v
  return best
}

/** Verdicts that fail a case (and the run). A not-checked cell does not: the finding that stopped the load does. */
export function isFailing(v: Verdict): boolean {
  return v !== 'pass' && v !== 'waived' && v !== 'not-applicable' && v !== 'not-checked'
}

export interface CellFindings {
  applies: boolean
  /** Rules of the unwaived error-severity violations. */
  open: readonly string[]
  /** Rules of the waived violations. */
  waived: readonly string[]
  /** Verdicts of scenario failures charged to this family (a hang outside the verifier's view, a load failure…). */
  failures: readonly Verdict[]
}

export function cellVerdict(f: CellFindings): Verdict {
  const found = [...f.open.map(ruleVerdict), ...f.failures]
  if (found.length) return mostSerious(found)
  if (f.waived.length) return 'waived'
  return f.applies ? 'pass' : 'not-applicable'
}
