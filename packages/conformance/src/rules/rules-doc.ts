import { MODES } from '../mode.js'
import { FAMILIES } from './family.js'
import type { Detection, Rule } from './rule.js'
import { RULES } from './table.js'

// docs/rules.md is this text; a test fails when the checked-in file differs from it.
export const RULES_DOC_PATH = 'docs/rules.md'
export const RULES_DOC_COMMAND = 'npm run rules:doc'

const DETECTED_BY: Record<Detection, string> = {
  runtime: 'runtime verifier',
  property: 'property suites',
  static: 'static analyzer',
}

export function renderRulesDoc(rules: readonly Rule[] = RULES): string {
  const parts = [header(rules), summary(rules), ...FAMILIES.map((f) => familySection(f, rules))]
  return `${parts.join('\n\n')}\n`
}

function header(rules: readonly Rule[]): string {
  return [
    `<!-- Generated from packages/conformance/src/rules/ by scripts/gen-rules-doc.ts: do not edit, run \`${RULES_DOC_COMMAND}\`. -->`,
    '# CE6 driver rules',
    `${rules.length} rules in ${FAMILIES.length} families. Each rests on a sentence of the seed article, Sue Loh's ` +
      '"CE6 Drivers: What you need to know", or, where the article is silent, of a section (§) of the CE6 fact sheet ' +
      '`ce6-facts.md`. See [conformance.md](conformance.md) for the id scheme and how to add a rule.',
  ].join('\n\n')
}

function summary(rules: readonly Rule[]): string {
  const rows = rules.map(
    (r) =>
      `| [${r.id}](#${anchor(r)}) | \`${r.name}\` | ${cell(r.title)} | ${modes(r)} | ${r.severity} | ${r.detection.join(', ')} |`,
  )
  return ['| Id | Name | Title | Modes | Severity | Detection |', '|---|---|---|---|---|---|', ...rows].join('\n')
}

function familySection(family: (typeof FAMILIES)[number], rules: readonly Rule[]): string {
  const own = rules.filter((r) => r.family === family.id)
  return [`## ${family.title} (CE6-${family.letter})`, ...own.map(ruleSection)].join('\n\n')
}

function ruleSection(r: Rule): string {
  return [
    `### ${r.id} ${r.name}`,
    `**${r.title}**`,
    `> ${r.quote}\n>\n> — ${r.source === 'seed' ? 'seed article' : `fact sheet ${r.source.slice('facts '.length)}`}`,
    [
      `- **Modes:** ${modes(r)}`,
      `- **Severity:** ${r.severity}`,
      `- **Detected by:** ${r.detection.map((d) => DETECTED_BY[d]).join(', ')}`,
      `- **What is checked:** ${r.detect}`,
      `- **Fix:** ${r.fix}`,
    ].join('\n'),
  ].join('\n\n')
}

function modes(r: Rule): string {
  return MODES.filter((m) => r.modes.includes(m)).join(', ')
}

// GitHub's heading anchor for "### CE6-M01 unmarshalled-embedded-pointer".
function anchor(r: Rule): string {
  return `${r.id}-${r.name}`.toLowerCase()
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|')
}
