// The runtime and static findings of a report merged by rule id (issue 6 item 6): for each rule either side found,
// how many runtime violations (per driver and mode) and how many static findings (per file). Written by
// `cedk scan --into-report` next to the `static` section, so a reader sees at a glance which rules both tools agree on.
import type { CedkReport } from './json-report.js'

export interface RuleFindings {
  runtime: number
  static: number
  /** "serial.dll kernel" for each driver and mode with a runtime violation of the rule, sorted. */
  drivers: string[]
  /** Source files with a static finding of the rule, sorted. */
  files: string[]
}

interface StaticFinding {
  rule: string
  file: string
}

export function findingsByRule(report: CedkReport, staticFindings: readonly StaticFinding[]): Record<string, RuleFindings> {
  const by = new Map<string, RuleFindings>()
  const entry = (rule: string): RuleFindings => {
    let e = by.get(rule)
    if (!e) by.set(rule, (e = { runtime: 0, static: 0, drivers: [], files: [] }))
    return e
  }
  for (const d of report.drivers) {
    for (const [mode, m] of Object.entries(d.modes)) {
      for (const v of m?.violations ?? []) {
        const e = entry(v.rule)
        e.runtime++
        const where = `${d.label} ${mode}`
        if (!e.drivers.includes(where)) e.drivers.push(where)
      }
    }
  }
  for (const f of staticFindings) {
    const e = entry(f.rule)
    e.static++
    if (!e.files.includes(f.file)) e.files.push(f.file)
  }
  const out: Record<string, RuleFindings> = {}
  for (const id of [...by.keys()].sort()) {
    const e = by.get(id)!
    out[id] = { ...e, drivers: e.drivers.sort(), files: e.files.sort() }
  }
  return out
}
