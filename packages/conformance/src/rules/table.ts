import { asyncBufferRules } from './async-buffers.js'
import { callbackRules } from './callbacks.js'
import type { Family } from './family.js'
import { marshallingRules } from './marshalling.js'
import { privilegeRules } from './privileges.js'
import { robustnessRules } from './robustness.js'
import type { Rule } from './rule.js'
import { uiRules } from './ui.js'

/** Every rule, in family order (SPEC "Rules") and id order within a family. */
export const RULES: readonly Rule[] = [
  ...marshallingRules,
  ...asyncBufferRules,
  ...callbackRules,
  ...privilegeRules,
  ...uiRules,
  ...robustnessRules,
]

const byId = new Map<string, Rule>(RULES.map((r) => [r.id, r]))

export function findRule(id: string): Rule | undefined {
  return byId.get(id)
}

export function getRule(id: string): Rule {
  const rule = byId.get(id)
  if (!rule) throw new Error(`unknown rule ${id}: see docs/rules.md for the table`)
  return rule
}

export function rulesOf(family: Family): readonly Rule[] {
  return RULES.filter((r) => r.family === family)
}
