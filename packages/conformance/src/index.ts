// @cedk/conformance: runs CE6 drivers in kernel mode and in udevice and says, rule by rule, what they break.
export { MODES, type Mode } from './mode.js'
export { FAMILIES, familyInfo, type Family, type FamilyInfo, type FamilyLetter } from './rules/family.js'
export type { Rule, RuleId, RuleSource, Severity, Detection } from './rules/rule.js'
export { RULES, findRule, getRule, rulesOf } from './rules/table.js'
export { renderRulesDoc, RULES_DOC_PATH, RULES_DOC_COMMAND } from './rules/rules-doc.js'
