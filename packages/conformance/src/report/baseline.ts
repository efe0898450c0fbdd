// The baseline diff (`cedk report --baseline old.json`): what a change fixed and what it broke, by matrix cell and
// by finding. A finding is a violation (driver, mode, rule, entry point, scenario) or a failed scenario step; counts
// are compared, so a second occurrence of a known violation is "broken" too.
import { MODES, type Mode } from '../mode.js'
import { FAMILIES, type Family } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'
import { shortMessage } from './case-record.js'
import { compare, driverModes, type CedkReport } from './json-report.js'
import { isFailing } from './verdict.js'

export interface CellChange {
  dll: string
  mode: Mode
  family: Family
  /** null when the cell was not in that report. */
  before: Verdict | null
  after: Verdict | null
}

export interface FindingDiff {
  key: string
  dll: string
  mode: Mode
  /** A rule id, or the verdict of a failed scenario step. */
  what: string
  text: string
  before: number
  after: number
}

export interface BaselineDiff {
  fixed: { cells: CellChange[]; findings: FindingDiff[] }
  broken: { cells: CellChange[]; findings: FindingDiff[] }
  /** Cells that changed verdict without passing or failing changing (e.g. violation → crash, pass → waived). */
  changed: CellChange[]
}

export function diffReports(before: CedkReport, after: CedkReport): BaselineDiff {
  const diff: BaselineDiff = { fixed: { cells: [], findings: [] }, broken: { cells: [], findings: [] }, changed: [] }
  for (const c of cellChanges(before, after)) {
    const [was, is] = [failing(c.before), failing(c.after)]
    if (was && !is) diff.fixed.cells.push(c)
    else if (!was && is) diff.broken.cells.push(c)
    else diff.changed.push(c)
  }
  const [old, now] = [findings(before), findings(after)]
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort(compare)) {
    const o = old.get(key)
    const n = now.get(key)
    const f = { ...(n ?? o)!, before: o?.after ?? 0, after: n?.after ?? 0 }
    if (f.after < f.before) diff.fixed.findings.push(f)
    else if (f.after > f.before) diff.broken.findings.push(f)
  }
  return diff
}

export function isRegression(d: BaselineDiff): boolean {
  return d.broken.cells.length > 0 || d.broken.findings.length > 0
}

function failing(v: Verdict | null): boolean {
  return v !== null && isFailing(v)
}

function cellChanges(before: CedkReport, after: CedkReport): CellChange[] {
  // Rows by label: the DLL name, or the DLL and its spec files when two drivers share the name.
  const dlls = [...new Set([...before.drivers, ...after.drivers].map((d) => d.label))].sort(compare)
  const verdict = (r: CedkReport, dll: string, mode: Mode, family: Family) => r.drivers.find((d) => d.label === dll)?.modes[mode]?.families[family]?.verdict ?? null
  const out: CellChange[] = []
  for (const dll of dlls) {
    for (const mode of MODES) {
      for (const { id: family } of FAMILIES) {
        const c = { dll, mode, family, before: verdict(before, dll, mode, family), after: verdict(after, dll, mode, family) }
        if (c.before !== c.after) out.push(c)
      }
    }
  }
  return out
}

/** Open findings (unwaived error violations and failed steps) by key, with their count in `after`. */
function findings(r: CedkReport): Map<string, FindingDiff> {
  const out = new Map<string, FindingDiff>()
  const add = (f: Omit<FindingDiff, 'before' | 'after'>) => {
    const prev = out.get(f.key)
    out.set(f.key, { ...f, before: 0, after: (prev?.after ?? 0) + 1 })
  }
  for (const { label: dll, mode, m } of driverModes(r.drivers)) {
    for (const v of m.violations) {
      if (v.waiver || v.expected || v.severity !== 'error') continue
      add({ key: [dll, mode, v.rule, v.entry, v.scenario].join('|'), dll, mode, what: v.rule, text: `in ${v.entry}, scenario "${v.scenario}": ${shortMessage(v)}` })
    }
    for (const f of m.failures) add({ key: [dll, mode, f.verdict, f.family, f.scenario].join('|'), dll, mode, what: f.verdict, text: `in "${f.scenario}": ${f.message}` })
  }
  return out
}

/** Plain text, one line per change. */
export function renderDiff(d: BaselineDiff): string {
  const cell = (c: CellChange) => `${c.dll} ${c.mode} ${c.family}: ${c.before ?? 'not run'} → ${c.after ?? 'not run'}`
  const finding = (f: FindingDiff) => `${f.dll} ${f.mode} ${f.what} ${f.text}${f.before && f.after ? ` (${f.before} → ${f.after})` : ''}`
  const out: string[] = []
  const section = (title: string, lines: string[]) => {
    out.push(`${title}: ${lines.length ? '' : 'nothing'}`.trimEnd(), ...lines.map((l) => `  ${l}`))
  }
  section('fixed', [...d.fixed.cells.map(cell), ...d.fixed.findings.map(finding)])
  section('broken', [...d.broken.cells.map(cell), ...d.broken.findings.map(finding)])
  if (d.changed.length) section('changed', d.changed.map(cell))
  return out.join('\n')
}
