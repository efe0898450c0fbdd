// The terminal matrix: one row per driver and mode, one column per rule family, then what failed and why.
import pc from 'picocolors'
import { FAMILIES } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'
import { shortMessage, type ScenarioFailure } from './case-record.js'
import { describeWaiver } from './expectations.js'
import { driverModes, knownFindings, type CedkReport, type FamilyCell } from './json-report.js'
import { grouped } from './group.js'

type Paint = (s: string) => string
type Colors = ReturnType<typeof pc.createColors>

function looks(c: Colors): Record<Verdict, { text: string; paint: Paint }> {
  return {
    pass: { text: '✓ pass', paint: c.green },
    violation: { text: '✗ violation', paint: c.red },
    divergence: { text: '✗ divergence', paint: c.red },
    'driver-crash': { text: '✗ crash', paint: c.red },
    hang: { text: '✗ hang', paint: c.red },
    leak: { text: '✗ leak', paint: c.red },
    'harness-error': { text: '! harness error', paint: c.magenta },
    'not-applicable': { text: '– n/a', paint: c.dim },
    waived: { text: '~ waived', paint: c.yellow },
    'not-checked': { text: '· not checked: did not load', paint: c.dim },
  }
}

function cellText(c: Colors, cell: FamilyCell | undefined): { text: string; paint: Paint } {
  if (!cell) return { text: '· not run', paint: c.dim }
  const warn = cell.warnings ? ` ⚠${cell.warnings}` : ''
  if (cell.verdict === 'waived') return { text: `~ ${knownFindings(cell)}${warn}`, paint: c.yellow }
  const look = looks(c)[cell.verdict]
  const n = cell.violations + cell.failures
  const count = n > 0 && cell.verdict !== 'pass' && cell.verdict !== 'not-checked' ? ` ${n}` : ''
  return { text: `${look.text}${count}${warn}`, paint: look.paint }
}

export interface MatrixOptions {
  /** Colour codes on or off; by default picocolors decides (NO_COLOR, FORCE_COLOR, CI, the terminal). */
  colors?: boolean
}

/** The matrix and its notes, colored with picocolors. */
export function renderMatrix(report: CedkReport, options: MatrixOptions = {}): string {
  const c = pc.createColors(options.colors ?? pc.isColorSupported)
  const header = ['driver', 'mode', ...FAMILIES.map((f) => f.id)]
  const rows = driverModes(report.drivers).map(({ label, mode, m }) => [
    { text: label, paint: c.bold },
    { text: mode, paint: (s: string) => s },
    ...FAMILIES.map((f) => cellText(c, m.families[f.id])),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.text.length)))
  // Padding goes outside the colour codes: with colours on, padding inside them would survive trimEnd as trailing blanks.
  const line = (cells: { text: string; paint: Paint }[]) =>
    cells.map((cell, i) => cell.paint(cell.text) + ' '.repeat(widths[i]! - cell.text.length)).join('  ').trimEnd()
  const out = [c.bold(`cedk conformance — seed ${report.seed}`), '', line(header.map((h) => ({ text: h, paint: c.dim })))]
  out.push(...rows.map(line))
  if (!rows.length) out.push(c.dim('(no conformance cases ran)'))
  out.push('', ...notes(report, c))
  return out.join('\n')
}

function notes(report: CedkReport, c: Colors): string[] {
  const out: string[] = []
  for (const { label: dll, mode, m } of driverModes(report.drivers)) {
    for (const { v, count } of grouped(m.violations)) {
      const mark = v.waiver || v.expected ? c.yellow('~') : v.severity === 'warning' ? c.yellow('⚠') : c.red('✗')
      const times = count > 1 ? ` ×${count}` : ''
      const tail = v.waiver ? c.dim(` (waived: ${v.waiver.reason}, until ${v.waiver.expires})`) : v.expected ? c.dim(' (expected by the test)') : ''
      out.push(`${mark} ${dll} ${mode} ${c.bold(v.rule)}${times} in ${v.entry}, scenario "${v.scenario}": ${shortMessage(v)}${tail}`)
    }
    // One line per distinct failure: a driver that cannot boot fails every family with the same message.
    const failed = m.failures.filter((f) => f.verdict !== 'not-checked')
    for (const { f, count } of distinctFailures(failed)) out.push(`${c.red('✗')} ${dll} ${mode} ${f.verdict} in "${f.scenario}": ${f.message}${count > 1 ? c.dim(` (${count} families)`) : ''}`)
    // One line for the cells a load failure left unchecked, however many families they are.
    const skipped = m.failures.find((f) => f.verdict === 'not-checked')
    if (skipped) out.push(`${c.dim('·')} ${dll} ${mode} ${skipped.message}`)
    if (m.tests.failed) out.push(`${c.red('✗')} ${dll} ${mode}: ${m.tests.failed} describeDriver test(s) failed`)
  }
  const { plan, expectations: ex } = report
  const planText = `plan: ${plan.planned} cases planned, ${plan.run} run${plan.filtered ? `, ${plan.filtered} left out by the name filter` : ''}`
  out.push(plan.problems.length ? c.red(`✗ ${planText}`) : c.dim(planText))
  for (const p of plan.problems) out.push(c.red(`  ✗ ${p}`))
  if (ex.error) out.push(c.red(`✗ expectations file ${ex.file}: ${ex.error}`))
  else if (ex.file) out.push(c.dim(`expectations: ${ex.file}, ${ex.waivers} waiver${ex.waivers === 1 ? '' : 's'}`))
  for (const w of ex.expired) out.push(c.red(`✗ expired waiver: ${describeWaiver(w)}`))
  for (const w of ex.unexpectedPasses) out.push(c.red(`✗ unexpected pass (remove the waiver): ${describeWaiver(w)}`))
  for (const e of report.errors) out.push(c.red(`✗ ${e.module}: ${e.message}`))
  out.push(report.ok ? c.green(c.bold('conformance: ok')) : c.red(c.bold('conformance: FAILED')))
  return out
}

function distinctFailures(failures: readonly ScenarioFailure[]): { f: ScenarioFailure; count: number }[] {
  const by = new Map<string, { f: ScenarioFailure; count: number }>()
  for (const f of failures) {
    const key = `${f.verdict}|${f.scenario}|${f.message}`
    const seen = by.get(key)
    if (seen) seen.count++
    else by.set(key, { f, count: 1 })
  }
  return [...by.values()]
}
