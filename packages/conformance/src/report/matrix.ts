// The terminal matrix: one row per driver and mode, one column per rule family, then what failed and why.
import pc from 'picocolors'
import { MODES } from '../mode.js'
import { FAMILIES } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'
import { shortMessage } from './case-record.js'
import { describeWaiver } from './expectations.js'
import type { CedkReport, FamilyCell } from './json-report.js'
import { grouped } from './group.js'

type Paint = (s: string) => string

const LOOK: Record<Verdict, { text: string; paint: Paint }> = {
  pass: { text: '✓ pass', paint: pc.green },
  violation: { text: '✗ violation', paint: pc.red },
  divergence: { text: '✗ divergence', paint: pc.red },
  'driver-crash': { text: '✗ crash', paint: pc.red },
  hang: { text: '✗ hang', paint: pc.red },
  leak: { text: '✗ leak', paint: pc.red },
  'harness-error': { text: '! harness error', paint: pc.magenta },
  'not-applicable': { text: '– n/a', paint: pc.dim },
  waived: { text: '~ waived', paint: pc.yellow },
}

function cellText(cell: FamilyCell | undefined): { text: string; paint: Paint } {
  if (!cell) return { text: '· not run', paint: pc.dim }
  const look = LOOK[cell.verdict]
  const n = cell.verdict === 'waived' ? cell.waived : cell.violations + cell.failures
  const count = n > 0 && cell.verdict !== 'pass' ? ` ${n}` : ''
  const warn = cell.warnings ? ` ⚠${cell.warnings}` : ''
  return { text: `${look.text}${count}${warn}`, paint: look.paint }
}

/** The matrix and its notes, colored with picocolors (which follows NO_COLOR / FORCE_COLOR and the terminal). */
export function renderMatrix(report: CedkReport): string {
  const header = ['driver', 'mode', ...FAMILIES.map((f) => f.id)]
  const rows = report.drivers.flatMap((d) =>
    MODES.filter((m) => d.modes[m]).map((mode) => [
      { text: d.dll, paint: pc.bold },
      { text: mode, paint: (s: string) => s },
      ...FAMILIES.map((f) => cellText(d.modes[mode]!.families[f.id])),
    ]),
  )
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.text.length)))
  const line = (cells: { text: string; paint: Paint }[]) => cells.map((c, i) => c.paint(c.text.padEnd(widths[i]!))).join('  ').trimEnd()
  const out = [pc.bold(`cedk conformance — seed ${report.seed}`), '', line(header.map((h) => ({ text: h, paint: pc.dim })))]
  out.push(...rows.map(line))
  if (!rows.length) out.push(pc.dim('(no conformance cases ran)'))
  out.push('', ...notes(report))
  return out.join('\n')
}

function notes(report: CedkReport): string[] {
  const out: string[] = []
  for (const d of report.drivers) {
    for (const mode of MODES) {
      const m = d.modes[mode]
      if (!m) continue
      for (const { v, count } of grouped(m.violations)) {
        const mark = v.waiver ? pc.yellow('~') : v.severity === 'warning' ? pc.yellow('⚠') : pc.red('✗')
        const times = count > 1 ? ` ×${count}` : ''
        const tail = v.waiver ? pc.dim(` (waived: ${v.waiver.reason}, until ${v.waiver.expires})`) : ''
        out.push(`${mark} ${d.dll} ${mode} ${pc.bold(v.rule)}${times} in ${v.entry}, scenario "${v.scenario}": ${shortMessage(v)}${tail}`)
      }
      for (const f of m.failures) out.push(`${pc.red('✗')} ${d.dll} ${mode} ${f.verdict} in "${f.scenario}": ${f.message}`)
      if (m.tests.failed) out.push(`${pc.red('✗')} ${d.dll} ${mode}: ${m.tests.failed} describeDriver test(s) failed`)
    }
  }
  const { plan, expectations: ex } = report
  const planText = `plan: ${plan.planned} cases planned, ${plan.run} run${plan.filtered ? `, ${plan.filtered} left out by the name filter` : ''}`
  out.push(plan.problems.length ? pc.red(`✗ ${planText}`) : pc.dim(planText))
  for (const p of plan.problems) out.push(pc.red(`  ✗ ${p}`))
  if (ex.error) out.push(pc.red(`✗ expectations file ${ex.file}: ${ex.error}`))
  else if (ex.file) out.push(pc.dim(`expectations: ${ex.file}, ${ex.waivers} waiver${ex.waivers === 1 ? '' : 's'}`))
  for (const w of ex.expired) out.push(pc.red(`✗ expired waiver: ${describeWaiver(w)}`))
  for (const w of ex.unexpectedPasses) out.push(pc.red(`✗ unexpected pass (remove the waiver): ${describeWaiver(w)}`))
  for (const e of report.errors) out.push(pc.red(`✗ ${e.module}: ${e.message}`))
  out.push(report.ok ? pc.green(pc.bold('conformance: ok')) : pc.red(pc.bold('conformance: FAILED')))
  return out
}
