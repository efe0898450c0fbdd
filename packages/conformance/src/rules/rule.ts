import type { Mode } from '../mode.js'
import type { Family, FamilyLetter } from './family.js'

export type RuleId = `CE6-${FamilyLetter}${number}`
export type Severity = 'error' | 'warning'
/** runtime: the verifier on the machine's trace; property: the fast-check suites; static: the ts-morph analyzer. */
export type Detection = 'runtime' | 'property' | 'static'
/** `seed`: the seed article (ce6-drivers.txt); `facts §N`: that section of ce6-facts.md, used where the article is silent. */
export type RuleSource = 'seed' | `facts §${string}`

export interface Rule {
  readonly id: RuleId
  /** Short kebab-case name, stable like the id. */
  readonly name: string
  readonly title: string
  readonly family: Family
  /** The sentence the rule rests on, verbatim from its source. */
  readonly quote: string
  readonly source: RuleSource
  /** The modes in which a run of the driver is checked against this rule. */
  readonly modes: readonly Mode[]
  readonly severity: Severity
  readonly detection: readonly Detection[]
  /** What the verifier, the property suites or the analyzer look for. */
  readonly detect: string
  /** What to change, naming the CE6 API. */
  readonly fix: string
}
