// SARIF 2.1.0 from a report, for GitHub code scanning (github/codeql-action/upload-sarif): one run of the tool
// "cedk" holding the runtime findings (violations and failed scenario steps) and, when the report carries them,
// the static analyzer's. GitHub refuses a result without a physical location, so a runtime finding points at the
// spec file that checked the driver (its `modules`), with the driver and entry point as a logical location.
import { createHash } from 'node:crypto'
import { findRule } from '../rules/table.js'
import { STATIC_RULES } from '../static/static-rules.js'
import type { ScenarioFailure, ViolationRecord } from './case-record.js'
import { driverModes, type CedkReport, type ModeReport } from './json-report.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

/** What the static analyzer puts in a report (see staticFindingsForReport); read loosely, it may be absent. */
export interface StaticFindingLike {
  rule: string
  name?: string
  tier?: 'must-fix' | 'blocks-user-mode' | 'recommended'
  file: string
  line: number
  column: number
  endLine?: number
  endColumn?: number
  message: string
  fix?: string
  fingerprint?: string
}

type Level = 'error' | 'warning' | 'note'

interface SarifRule {
  id: string
  name: string
  shortDescription: { text: string }
  fullDescription: { text: string }
  help: { text: string; markdown: string }
  defaultConfiguration: { level: Level }
  properties: { tags: string[] }
}

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: Level
  message: { text: string }
  locations: unknown[]
  partialFingerprints: Record<string, string>
  properties: Record<string, unknown>
  suppressions?: { kind: 'external' | 'inSource'; justification: string }[]
}

export function toSarif(report: CedkReport): object {
  const rules: SarifRule[] = []
  const index = (id: string, make: () => SarifRule) => {
    const i = rules.findIndex((r) => r.id === id)
    return i >= 0 ? i : rules.push(make()) - 1
  }
  const results = [...runtimeResults(report, index), ...staticResults(staticFindings(report), index)]
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cedk', rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the repository (the vitest root of the run).' } } },
        results,
        properties: { seed: report.seed, ok: report.ok },
      },
    ],
  }
}

export function stringifySarif(sarif: object): string {
  return `${JSON.stringify(sarif, null, 2)}\n`
}

function staticFindings(report: CedkReport): StaticFindingLike[] {
  const s = (report as { static?: { findings?: StaticFindingLike[] } }).static
  return Array.isArray(s?.findings) ? s.findings : []
}

type Indexer = (id: string, make: () => SarifRule) => number

function runtimeResults(report: CedkReport, index: Indexer): SarifResult[] {
  const out: SarifResult[] = []
  for (const { label: dll, mode, m } of driverModes(report.drivers)) {
    for (const v of m.violations) out.push(violationResult(v, m, index(v.rule, () => tableRule(v.rule))))
    for (const f of m.failures) out.push(failureResult(dll, mode, f, m, index(`cedk/${f.verdict}`, () => failureRule(f))))
  }
  return out
}

function violationResult(v: ViolationRecord, m: ModeReport, ruleIndex: number): SarifResult {
  const r: SarifResult = {
    ruleId: v.rule,
    ruleIndex,
    level: v.severity === 'warning' ? 'warning' : 'error',
    message: { text: `${v.driver} in ${v.mode} mode, ${v.entry}, scenario "${v.scenario}": ${v.message}\nFix: ${v.fix}` },
    locations: [sourceLocation(v) ?? specLocation(m, `${v.driver}!${v.entry}`)],
    partialFingerprints: { 'cedkRuntime/v1': hash(v.rule, v.driver, v.mode, v.entry, v.scenario, v.message) },
    properties: { detection: 'runtime', driver: v.driver, mode: v.mode, entry: v.entry, scenario: v.scenario, stack: v.stack, ...(v.source ? { source: v.source } : {}), ...(v.event ? { event: v.event.text } : {}) },
  }
  if (v.waiver) r.suppressions = [{ kind: 'external', justification: `${v.waiver.reason} (until ${v.waiver.expires})` }]
  // Expected by the spec's own toViolate: suppressed in the source, as SARIF calls a suppression written in the code.
  else if (v.expected) r.suppressions = [{ kind: 'inSource', justification: `expected by the describeDriver test (${v.scenario})` }]
  return r
}

function failureResult(dll: string, mode: string, f: ScenarioFailure, m: ModeReport, ruleIndex: number): SarifResult {
  return {
    ruleId: `cedk/${f.verdict}`,
    ruleIndex,
    level: 'error',
    message: { text: `${dll} in ${mode} mode, scenario "${f.scenario}" (${f.family}): ${f.message}` },
    locations: [specLocation(m, dll)],
    partialFingerprints: { 'cedkRuntime/v1': hash(f.verdict, dll, mode, f.family, f.scenario, f.message) },
    properties: { detection: 'runtime', driver: dll, mode, family: f.family, scenario: f.scenario, verdict: f.verdict },
  }
}

function staticResults(findings: readonly StaticFindingLike[], index: Indexer): SarifResult[] {
  return findings.map((found) => {
    const meta = STATIC_RULES.find((r) => r.id === found.rule)
    const f = { ...found, tier: found.tier ?? meta?.tier, fix: found.fix ?? meta?.fix, name: found.name ?? meta?.name }
    return staticResult(f, index(f.rule, () => (findRule(f.rule) ? tableRule(f.rule) : staticRule(f))))
  })
}

function staticResult(f: StaticFindingLike, ruleIndex: number): SarifResult {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: f.tier === 'recommended' ? 'note' : f.tier === 'blocks-user-mode' ? 'warning' : 'error',
    message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, ...(f.endLine ? { endLine: f.endLine } : {}), ...(f.endColumn ? { endColumn: f.endColumn } : {}) },
        },
      },
    ],
    partialFingerprints: { 'cedkStatic/v1': f.fingerprint ?? hash(f.rule, f.file, String(f.line), f.message) },
    properties: { detection: 'static', ...(f.tier ? { tier: f.tier } : {}) },
  }
}

/** The driver's source line of a violation ("src/serial.ts:120:17 (setBaud)", relative to where the run ran). */
function sourceLocation(v: ViolationRecord): object | null {
  const m = /^(.+):(\d+):(\d+)(?: \((.+)\))?$/.exec(v.source?.[0] ?? '')
  if (!m) return null
  return {
    physicalLocation: { artifactLocation: { uri: m[1]!, uriBaseId: '%SRCROOT%' }, region: { startLine: Number(m[2]), startColumn: Number(m[3]) } },
    logicalLocations: [{ fullyQualifiedName: `${v.driver}!${m[4] ?? v.entry}`, kind: 'function' }],
  }
}

function specLocation(m: ModeReport, logical: string): object {
  const uri = m.modules?.[0] ?? 'cedk-report.json'
  return {
    physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
    logicalLocations: [{ fullyQualifiedName: logical, kind: 'function' }],
  }
}

function tableRule(id: string): SarifRule {
  const r = findRule(id)
  if (!r) return unknownRule(id)
  const help = `${r.detect}\n\nFix: ${r.fix}\n\n“${r.quote}” (${r.source})`
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: r.title },
    fullDescription: { text: r.detect },
    help: { text: help, markdown: `${r.detect}\n\n**Fix:** ${r.fix}\n\n> ${r.quote}\n> — ${r.source}` },
    defaultConfiguration: { level: r.severity === 'warning' ? 'warning' : 'error' },
    properties: { tags: ['ce6', r.family, ...r.detection] },
  }
}

function failureRule(f: ScenarioFailure): SarifRule {
  const text = `A conformance scenario could not do its job: ${f.verdict} (the driver did not load, a call hung or crashed, or the harness could not run it).`
  return { ...unknownRule(`cedk/${f.verdict}`), name: f.verdict, shortDescription: { text: `scenario ${f.verdict}` }, fullDescription: { text } }
}

function staticRule(f: StaticFindingLike): SarifRule {
  const meta = STATIC_RULES.find((r) => r.id === f.rule)
  if (!meta) return { ...unknownRule(f.rule), name: f.name ?? f.rule }
  return {
    ...unknownRule(f.rule),
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.looksFor },
    help: { text: `${meta.looksFor}\n\nFix: ${meta.fix}`, markdown: `${meta.looksFor}\n\n**Fix:** ${meta.fix}` },
    defaultConfiguration: { level: meta.tier === 'recommended' ? 'note' : meta.tier === 'blocks-user-mode' ? 'warning' : 'error' },
    properties: { tags: ['ce6', 'porting', meta.tier] },
  }
}

function unknownRule(id: string): SarifRule {
  return {
    id,
    name: id,
    shortDescription: { text: id },
    fullDescription: { text: id },
    help: { text: id, markdown: id },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['ce6'] },
  }
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)
}
