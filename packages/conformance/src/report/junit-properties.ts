// What a conformance cell says in JUnit terms: its per-test-case properties (rule ids, mode, verdict, …) and its
// outcome — a violation is a <failure>, a crash, hang or harness error an <error>, a waived cell <skipped>.
import type { Mode } from '../mode.js'
import type { Family } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'
import type { FamilyCell, ModeReport } from './json-report.js'

export type JUnitOutcome = 'passed' | 'failure' | 'error' | 'skipped'

export interface JUnitProperty {
  name: string
  value: string
}

const OUTCOME: Record<Verdict, JUnitOutcome> = {
  pass: 'passed',
  violation: 'failure',
  divergence: 'failure',
  leak: 'failure',
  'driver-crash': 'error',
  hang: 'error',
  'harness-error': 'error',
  waived: 'skipped',
  'not-applicable': 'skipped',
}

export function junitOutcome(verdict: Verdict): JUnitOutcome {
  return OUTCOME[verdict]
}

/** cedk.rule once per rule the cell's findings name (waived ones included), in the order found. */
export function junitProperties(dll: string, mode: Mode, family: Family, cell: FamilyCell, m: ModeReport): JUnitProperty[] {
  const rules = [...new Set(m.violations.filter((v) => v.family === family).map((v) => v.rule))]
  return [
    { name: 'cedk.driver', value: dll },
    { name: 'cedk.mode', value: mode },
    { name: 'cedk.family', value: family },
    { name: 'cedk.verdict', value: cell.verdict },
    { name: 'cedk.seed', value: String(m.seed) },
    ...rules.map((value) => ({ name: 'cedk.rule', value })),
  ]
}
