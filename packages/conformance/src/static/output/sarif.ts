// SARIF 2.1.0 for GitHub code scanning: one run, every static rule as a reportingDescriptor with help text, each
// finding with a region and a partial fingerprint. Our fingerprint goes under our own key: GitHub reserves
// primaryLocationLineHash and computes it itself.
import type { AnalysisResult } from '../analyze.js'
import { STATIC_RULES, type StaticRuleMeta } from '../static-rules.js'
import type { Finding, Tier } from '../types.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
export const FINGERPRINT_KEY = 'cedkFindingHash/v1'
const RULES_DOC = 'https://github.com/cedk/cedk/blob/main/docs/rules.md'
const ANALYZER_DOC = 'https://github.com/cedk/cedk/blob/main/docs/static-analyzer.md'

export function formatSarif(result: AnalysisResult): string {
  const index = new Map(STATIC_RULES.map((r, i) => [r.id, i]))
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cedk-scan', informationUri: ANALYZER_DOC, semanticVersion: '0.1.0', rules: STATIC_RULES.map(descriptor) } },
        originalUriBaseIds: { SRCROOT: { uri: `file://${result.root.replace(/\\/g, '/').replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => sarifResult(f, index.get(f.rule)!, result)),
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}

function descriptor(r: StaticRuleMeta) {
  const anchor = r.shared ? `${RULES_DOC}#${`${r.id}-${r.name}`.toLowerCase()}` : `${ANALYZER_DOC}#${r.id.toLowerCase()}-${r.name}`
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: r.title },
    fullDescription: { text: r.looksFor },
    help: { text: `${r.title}. ${r.fix}`, markdown: `**${r.title}**\n\n${r.looksFor}\n\n**Fix:** ${r.fix}\n\nTier: \`${r.tier}\`.` },
    helpUri: anchor,
    defaultConfiguration: { level: level(r.tier, false) },
    properties: { tags: ['ce6', 'porting', r.tier], tier: r.tier, precision: 'medium' },
  }
}

/** must-fix → error; blocks-user-mode → error for a driver registered for user mode, else warning; recommended → note. */
function level(tier: Tier, userMode: boolean): 'error' | 'warning' | 'note' {
  return tier === 'must-fix' ? 'error' : tier === 'blocks-user-mode' ? (userMode ? 'error' : 'warning') : 'note'
}

function sarifResult(f: Finding, ruleIndex: number, result: AnalysisResult) {
  const userMode = result.readiness.some((r) => r.file === f.file && r.mode === 'user')
  return {
    ruleId: f.rule,
    ruleIndex,
    level: level(f.tier, userMode),
    message: { text: `${f.message} Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file, uriBaseId: 'SRCROOT' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { tier: f.tier, ...(f.fixable ? { fixable: true } : {}) },
  }
}
