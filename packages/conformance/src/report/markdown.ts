// The Markdown summary for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment: the headline, the
// driver × mode × family matrix, the findings (grouped, capped so the page stays small) and what failed the run.
import { FAMILIES } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'
import { shortMessage } from './case-record.js'
import { describeWaiver } from './expectations.js'
import type { BaselineDiff, CellChange, FindingDiff } from './baseline.js'
import { driverModes, knownFindings, type CedkReport, type FamilyCell } from './json-report.js'
import { modesMessage, reportStatus, ruleTally } from './status.js'
import { grouped } from './group.js'

const ICON: Record<Verdict, string> = {
  pass: '✅ pass',
  violation: '❌ violation',
  divergence: '❌ divergence',
  'driver-crash': '💥 crash',
  hang: '⏳ hang',
  leak: '❌ leak',
  'harness-error': '⚠️ harness error',
  'not-applicable': '➖ n/a',
  waived: '🟡 waived',
  'not-checked': '⏸️ not checked: did not load',
}

export interface MarkdownOptions {
  /** At most this many finding lines (default 50); the rest are counted. */
  maxFindings?: number
  baseline?: BaselineDiff
}

export function renderMarkdown(report: CedkReport, options: MarkdownOptions = {}): string {
  const out = [...headline(report), '', ...table(report), '']
  if (options.baseline) out.push(...diffSection(options.baseline), '')
  const findings = findingLines(report)
  const max = options.maxFindings ?? 50
  if (findings.length) {
    out.push('### Findings', '', ...findings.slice(0, max))
    if (findings.length > max) out.push(`- … and ${findings.length - max} more (see \`cedk-report.json\`)`)
    out.push('')
  }
  out.push(...runLines(report))
  return `${out.join('\n').trimEnd()}\n`
}

function headline(r: CedkReport): string[] {
  const ok = reportStatus(r) !== 'fail'
  const { passed, checked } = ruleTally(r)
  const t = r.summary.tests
  return [
    `## ${ok ? '✅' : '❌'} CE6 conformance: ${modesMessage(r.drivers)}`,
    '',
    `${r.drivers.length} driver${r.drivers.length === 1 ? '' : 's'} · ${passed}/${checked} runtime rules clean · ` +
      `${r.summary.violations} violation${r.summary.violations === 1 ? '' : 's'}${knownTail(r.summary)} · ` +
      `describeDriver tests: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''} · seed ${r.seed}`,
  ]
}

function knownTail(s: CedkReport['summary']): string {
  return s.expected || s.waived ? ` (${knownFindings(s)})` : ''
}

function table(r: CedkReport): string[] {
  if (!r.drivers.length) return ['_No conformance cases ran._']
  const rows = driverModes(r.drivers).map(({ label: dll, mode, m }) => `| \`${dll}\` | ${mode} | ${FAMILIES.map((f) => cell(m.families[f.id])).join(' | ')} |`)
  return [`| driver | mode | ${FAMILIES.map((f) => f.id).join(' | ')} |`, `|---|---|${FAMILIES.map(() => '---').join('|')}|`, ...rows]
}

function cell(c: FamilyCell | undefined): string {
  if (!c) return '· not run'
  if (c.verdict === 'waived') return `🟡 ${knownFindings(c)}${c.warnings ? ` ⚠️${c.warnings}` : ''}`
  const n = c.violations + c.failures
  return `${ICON[c.verdict]}${n && c.verdict !== 'pass' && c.verdict !== 'not-checked' ? ` ${n}` : ''}${c.warnings ? ` ⚠️${c.warnings}` : ''}`
}

function findingLines(r: CedkReport): string[] {
  const out: string[] = []
  for (const { label: dll, mode, m } of driverModes(r.drivers)) {
    for (const { v, count } of grouped(m.violations)) {
      const mark = v.waiver || v.expected ? '🟡' : v.severity === 'warning' ? '⚠️' : '❌'
      const tail = v.waiver ? ` _(waived: ${esc(v.waiver.reason)}, until ${v.waiver.expires})_` : v.expected ? ' _(expected by the test)_' : ''
      const at = v.source?.[0] ? ` (at \`${v.source[0].replace(/ \(.*\)$/, '')}\`)` : ''
      out.push(`- ${mark} \`${dll}\` ${mode} **${v.rule}**${count > 1 ? ` ×${count}` : ''} in \`${v.entry}\`${at}, scenario "${esc(v.scenario)}": ${esc(shortMessage(v))}${tail}`)
    }
    for (const f of m.failures) if (f.verdict !== 'not-checked') out.push(`- ${ICON[f.verdict].split(' ')[0]} \`${dll}\` ${mode} ${f.verdict} in "${esc(f.scenario)}": ${esc(firstLine(f.message))}`)
    const skipped = m.failures.find((f) => f.verdict === 'not-checked')
    if (skipped) out.push(`- ${ICON['not-checked'].split(' ')[0]} \`${dll}\` ${mode} ${esc(firstLine(skipped.message))}`)
    if (m.tests.failed) out.push(`- ❌ \`${dll}\` ${mode}: ${m.tests.failed} describeDriver test(s) failed`)
  }
  return out
}

function runLines(r: CedkReport): string[] {
  const out: string[] = []
  const p = r.plan
  out.push(`Plan: ${p.planned} cases planned, ${p.run} run${p.filtered ? `, ${p.filtered} left out by the name filter` : ''}.`)
  for (const x of p.problems) out.push(`- ❌ ${esc(x)}`)
  const ex = r.expectations
  if (ex.error) out.push(`- ❌ expectations file \`${ex.file}\`: ${esc(ex.error)}`)
  for (const w of ex.expired) out.push(`- ❌ expired waiver: ${esc(describeWaiver(w))}`)
  for (const w of ex.unexpectedPasses) out.push(`- ❌ unexpected pass (remove the waiver): ${esc(describeWaiver(w))}`)
  for (const e of r.errors) out.push(`- ❌ \`${e.module}\`: ${esc(firstLine(e.message))}`)
  return out
}

function diffSection(d: BaselineDiff): string[] {
  const cellLine = (c: CellChange) => `- \`${c.dll}\` ${c.mode} ${c.family}: ${c.before ?? 'not run'} → ${c.after ?? 'not run'}`
  const findingLine = (f: FindingDiff) => `- \`${f.dll}\` ${f.mode} **${f.what}** ${esc(firstLine(f.text))}${f.before && f.after ? ` (${f.before} → ${f.after})` : ''}`
  const part = (title: string, cells: CellChange[], findings: FindingDiff[]) => {
    const lines = [...cells.map(cellLine), ...findings.map(findingLine)]
    return [`#### ${title} (${lines.length})`, '', ...(lines.length ? lines : ['_nothing_']), '']
  }
  return ['### Against the baseline', '', ...part('🛠️ Fixed', d.fixed.cells, d.fixed.findings), ...part('💔 Broken', d.broken.cells, d.broken.findings)]
}

function firstLine(s: string): string {
  return s.split('\n')[0]!
}

/** Keep a message from breaking the Markdown around it (table pipes, stray emphasis, HTML). */
function esc(s: string): string {
  return s.replace(/[\\`*_|<>[\]]/g, (c) => `\\${c}`)
}
