// What a conformance cell says in JUnit terms: its per-test-case properties (rule ids, mode, verdict, …) and its
// outcome — a violation is a <failure>, a crash, hang or harness error an <error>, a waived cell <skipped>.
import type { Mode } from '../mode.js'
import type { Family } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'

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
  'not-checked': 'skipped',
}

export function junitOutcome(verdict: Verdict): JUnitOutcome {
  return OUTCOME[verdict]
}

/** One conformance cell as JUnit properties see it. */
export interface JUnitCell {
  dll: string
  mode: Mode
  family: Family
  verdict: Verdict
  seed: number
  /** The rules the cell's findings name (waived ones included), in the order found; repeats are dropped. */
  rules: readonly string[]
}

/** cedk.driver, cedk.mode, cedk.family, cedk.verdict, cedk.seed, then cedk.rule once per rule. */
export function junitProperties(c: JUnitCell): JUnitProperty[] {
  return [
    { name: 'cedk.driver', value: c.dll },
    { name: 'cedk.mode', value: c.mode },
    { name: 'cedk.family', value: c.family },
    { name: 'cedk.verdict', value: c.verdict },
    { name: 'cedk.seed', value: String(c.seed) },
    ...[...new Set(c.rules)].map((value) => ({ name: 'cedk.rule', value })),
  ]
}
