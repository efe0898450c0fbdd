// Merging the reports of the shards of one run (vitest --shard=i/n on several CI machines) into the report the
// unsharded run would have written. Nothing may be lost (every shard present) or counted twice (a shard or a spec
// file in two inputs); inputs that are not parts of one run (seeds, rule tables, expectations files that differ)
// are refused rather than averaged.
import { MODES } from '../mode.js'
import { FAMILIES, type Family } from '../rules/family.js'
import type { ViolationRecord, ScenarioFailure } from './case-record.js'
import { sortPropertyFailures } from './property-record.js'
import { waiverCovers, type Waiver } from './expectations.js'
import {
  compare,
  driverKey,
  familyIndex,
  labelled,
  REPORT_SCHEMA,
  mergeCells,
  reportOk,
  sortErrors,
  summarize,
  type CedkReport,
  type DriverReport,
  type FamilyCell,
  type ModeReport,
} from './json-report.js'

export class MergeError extends Error {
  override readonly name = 'MergeError'
}

/** A report and the name it is known by in error messages (its file). */
export interface NamedReport {
  name: string
  report: CedkReport
}

export function mergeReports(inputs: readonly NamedReport[]): CedkReport {
  if (!inputs.length) throw new MergeError('no reports to merge')
  checkSameRun(inputs)
  checkShards(inputs)
  checkNoOverlap(inputs)
  const first = inputs[0]!.report
  const reports = inputs.map((i) => i.report)
  const drivers = mergeDrivers(reports)
  const merged: CedkReport = {
    schema: first.schema,
    seed: first.seed,
    ok: false,
    summary: summarize(drivers),
    plan: {
      planned: sum(reports, (r) => r.plan.planned),
      run: sum(reports, (r) => r.plan.run),
      filtered: sum(reports, (r) => r.plan.filtered),
      problems: reports.flatMap((r) => r.plan.problems),
    },
    expectations: {
      file: first.expectations.file,
      waivers: first.expectations.waivers,
      expired: unique(reports.flatMap((r) => r.expectations.expired)),
      unexpectedPasses: unexpectedPasses(reports, drivers),
      error: first.expectations.error,
    },
    errors: sortErrors(reports.flatMap((r) => r.errors)),
    drivers,
    rules: first.rules,
  }
  // Failed property tests with their shrunk programs: each shard's own (a spec file is in one shard only).
  const properties = reports.flatMap((r) => r.properties ?? [])
  if (properties.length) merged.properties = sortPropertyFailures(properties)
  merged.ok = reportOk(merged)
  return merged
}

function checkSameRun(inputs: readonly NamedReport[]): void {
  const [a, ...rest] = inputs as [NamedReport, ...NamedReport[]]
  for (const b of [a, ...rest]) {
    if (b.report.schema !== REPORT_SCHEMA) throw new MergeError(`${b.name}: not a ${REPORT_SCHEMA} report (schema ${JSON.stringify(b.report.schema)})`)
  }
  for (const b of rest) {
    const differ = (what: string, x: unknown, y: unknown) =>
      new MergeError(`${a.name} and ${b.name} are not shards of one run: ${what} differ (${JSON.stringify(x)} vs ${JSON.stringify(y)})`)
    if (a.report.seed !== b.report.seed) throw differ('seeds', a.report.seed, b.report.seed)
    if (JSON.stringify(a.report.rules) !== JSON.stringify(b.report.rules)) throw differ('rule tables', a.report.rules.length, b.report.rules.length)
    const [ea, eb] = [a.report.expectations, b.report.expectations]
    if (ea.file !== eb.file || ea.waivers !== eb.waivers || ea.error !== eb.error) throw differ('expectations files', ea.file, eb.file)
  }
}

/** Shard reports: one count, each index once, none missing. Unsharded reports may be merged with each other only. */
function checkShards(inputs: readonly NamedReport[]): void {
  const sharded = inputs.filter((i) => i.report.shard)
  if (!sharded.length) return
  if (sharded.length !== inputs.length) {
    const plain = inputs.find((i) => !i.report.shard)!
    throw new MergeError(`${plain.name} is not a shard (no "shard" field) but ${sharded[0]!.name} is: merge the shards of one run`)
  }
  const count = sharded[0]!.report.shard!.count
  const seen = new Map<number, string>()
  for (const { name, report } of sharded) {
    const s = report.shard!
    if (s.count !== count) throw new MergeError(`${name} is shard ${s.index}/${s.count} but ${sharded[0]!.name} is of ${count}`)
    const other = seen.get(s.index)
    if (other !== undefined) throw new MergeError(`shard ${s.index}/${count} given twice (${other} and ${name}): it would be counted twice`)
    seen.set(s.index, name)
  }
  const missing = range(count).filter((i) => !seen.has(i))
  if (missing.length) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merged report would lose ${missing.length > 1 ? "them" : "it"}`)
}

/** A spec file is run by exactly one shard; the same file in two inputs means a rerun or a report given twice. */
function checkNoOverlap(inputs: readonly NamedReport[]): void {
  const owner = new Map<string, string>()
  for (const { name, report } of inputs) {
    const mine = new Set<string>()
    for (const d of report.drivers) for (const m of Object.values(d.modes)) for (const mod of m.modules ?? []) mine.add(mod)
    for (const mod of mine) {
      const other = owner.get(mod)
      if (other !== undefined) throw new MergeError(`${mod} is in both ${other} and ${name}: its results would be counted twice`)
      owner.set(mod, name)
    }
  }
}

// Rows are the same driver when they have one DLL name and one definition (or, with no definition known, one spec
// file); labels are recomputed over the merged rows, as buildReport gives them.
function mergeDrivers(reports: readonly CedkReport[]): DriverReport[] {
  const byKey = new Map<string, DriverReport[]>()
  for (const r of reports) {
    for (const d of r.drivers) {
      const key = driverKey(d.dll, d.definition, Object.values(d.modes)[0]?.modules[0] ?? '')
      byKey.set(key, [...(byKey.get(key) ?? []), d])
    }
  }
  const rows = [...byKey.values()].map((parts) => {
    const { dll, definition, label } = parts[0]!
    const modes: DriverReport['modes'] = {}
    for (const mode of MODES) {
      const ms = parts.flatMap((d) => (d.modes[mode] ? [d.modes[mode]] : []))
      if (ms.length) modes[mode] = mergeModes(`${label} in ${mode} mode`, ms)
    }
    return { dll, definition, modes }
  })
  return labelled(rows).sort((a, b) => compare(a.dll.toLowerCase(), b.dll.toLowerCase()) || compare(a.label, b.label))
}

// Within a family, buildReport lists a driver's findings by spec file; shards are put in the order of their first
// spec file so the concatenation has that order (exact unless one shard holds two spec files of the driver with
// another shard's file between them).
function mergeModes(where: string, parts: readonly ModeReport[]): ModeReport {
  const ms = [...parts].sort((x, y) => compare(x.modules?.[0] ?? '', y.modules?.[0] ?? ''))
  const [a, ...rest] = ms as [ModeReport, ...ModeReport[]]
  for (const b of rest) {
    if (a.seed !== b.seed) throw new MergeError(`${where}: conflicting seeds ${a.seed} and ${b.seed}`)
    if (a.scenarios.length && b.scenarios.length && JSON.stringify(a.scenarios) !== JSON.stringify(b.scenarios)) {
      throw new MergeError(`${where}: the shards ran different scenarios`)
    }
  }
  const families: Partial<Record<Family, FamilyCell>> = {}
  for (const { id } of FAMILIES) {
    const cells = ms.flatMap((m) => (m.families[id] ? [m.families[id]] : []))
    if (cells.length) families[id] = cells.reduce(mergeCells)
  }
  return {
    seed: a.seed,
    modules: [...new Set(ms.flatMap((m) => m.modules ?? []))].sort(compare),
    scenarios: ms.find((m) => m.scenarios.length)?.scenarios ?? [],
    families,
    violations: byFamily(ms.flatMap((m) => m.violations)),
    failures: byFamily(ms.flatMap((m) => m.failures)),
    tests: { passed: sum(ms, (m) => m.tests.passed), failed: sum(ms, (m) => m.tests.failed), skipped: sum(ms, (m) => m.tests.skipped) },
    ...(ms.some((m) => m.properties) && {
      properties: { passed: sum(ms, (m) => m.properties?.passed ?? 0), failed: sum(ms, (m) => m.properties?.failed ?? 0), skipped: sum(ms, (m) => m.properties?.skipped ?? 0) },
    }),
  }
}

/** Family order, then the order found (a stable sort), as buildReport lists them. */
function byFamily<T extends ViolationRecord | ScenarioFailure>(items: T[]): T[] {
  return items.map((v, i) => ({ v, i })).sort((x, y) => familyIndex(x.v.family) - familyIndex(y.v.family) || x.i - y.i).map((x) => x.v)
}

/** A waiver is an unexpected pass of the whole run when a shard found it one and no shard used it. */
function unexpectedPasses(reports: readonly CedkReport[], drivers: readonly DriverReport[]): Waiver[] {
  const used = (w: Waiver) =>
    drivers.some((d) => Object.values(d.modes).some((m) => m.violations.some((v) => v.waiver && m.modules.some((spec) => waiverCovers(w, { ...v, spec })))))
  return unique(reports.flatMap((r) => r.expectations.unexpectedPasses)).filter((w) => !used(w))
}

function unique<T>(items: readonly T[]): T[] {
  const seen = new Set<string>()
  return items.filter((x) => {
    const key = JSON.stringify(x)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function sum<T>(items: readonly T[], f: (x: T) => number): number {
  return items.reduce((n, x) => n + f(x), 0)
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1)
}
