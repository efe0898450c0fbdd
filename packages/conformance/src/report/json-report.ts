// cedk-report.json (schema cedk-report/1, documented in docs/report-schema.md): the run's verdicts by driver,
// mode and rule family, every violation with its event, the plan check and the expectations check. Built only
// from the run's data, in a fixed order, with no clock and no absolute path: the same seed gives the same bytes.
import { MODES, type Mode } from '../mode.js'
import { FAMILIES, type Family } from '../rules/family.js'
import { RULES } from '../rules/table.js'
import type { Verdict } from '../verifier/violation.js'
import type { FamilyResult, ScenarioFailure, ViolationRecord } from './case-record.js'
import type { PropertyFailureRecord } from './property-record.js'
import { checkWaivers, type CheckedCell, type Waiver } from './expectations.js'
import { checkPlan, type PlanCheck } from './plan.js'
import type { RunInput } from './run-input.js'
import { isFailing, mostSerious } from './verdict.js'

export const REPORT_SCHEMA = 'cedk-report/1'
export const DEFAULT_REPORT_FILE = 'cedk-report.json'

export interface FamilyCell {
  verdict: Verdict
  /** Error-severity violations not waived. */
  violations: number
  waived: number
  warnings: number
  /** Scenario steps that failed (see the mode's `failures`). */
  failures: number
}

export interface ModeReport {
  seed: number
  /** The spec files (relative to the vitest root) that checked this driver in this mode, sorted. */
  modules: string[]
  scenarios: string[]
  families: Partial<Record<Family, FamilyCell>>
  violations: ViolationRecord[]
  failures: ScenarioFailure[]
  /** The team's describeDriver tests of this driver in this mode. */
  tests: { passed: number; failed: number; skipped: number }
}

export interface DriverReport {
  dll: string
  modes: Partial<Record<Mode, ModeReport>>
}

export interface CedkReport {
  schema: typeof REPORT_SCHEMA
  seed: number
  /** Set when the run was one shard of a split (vitest --shard=index/count); a merged report has none. */
  shard?: { index: number; count: number }
  ok: boolean
  summary: { cells: Record<Verdict, number>; violations: number; waived: number; tests: { passed: number; failed: number; skipped: number } }
  plan: PlanCheck
  expectations: { file: string | null; waivers: number; expired: Waiver[]; unexpectedPasses: Waiver[]; error: string | null }
  errors: { module: string; message: string }[]
  drivers: DriverReport[]
  rules: { id: string; name: string; title: string; family: Family; severity: string; modes: Mode[]; detection: string[] }[]
  /** Failed property tests, with their shrunk programs and traces (property-record.ts); absent when none failed. */
  properties?: PropertyFailureRecord[]
}

export interface ReportContext {
  seed: number
  shard?: { index: number; count: number }
  nameFilter?: RegExp
  expectations?: { file: string; waivers: readonly Waiver[]; today: string }
  /** The expectations file could not be read or parsed. */
  expectationsError?: { file: string; message: string }
}

const VERDICTS: readonly Verdict[] = ['pass', 'violation', 'divergence', 'driver-crash', 'hang', 'leak', 'harness-error', 'not-applicable', 'waived']

export function buildReport(input: RunInput, ctx: ReportContext): CedkReport {
  const drivers = buildDrivers(input, ctx.seed)
  const plan = checkPlan(input, ctx.nameFilter)
  const waivers = ctx.expectations ? checkWaivers(ctx.expectations.waivers, ctx.expectations.today, checkedCells(drivers)) : { expired: [], unexpectedPasses: [] }
  const report: CedkReport = {
    schema: REPORT_SCHEMA,
    seed: ctx.seed,
    ...(ctx.shard ? { shard: { ...ctx.shard } } : {}),
    ok: false,
    summary: summarize(drivers),
    plan,
    expectations: {
      file: ctx.expectations?.file ?? ctx.expectationsError?.file ?? null,
      waivers: ctx.expectations?.waivers.length ?? 0,
      ...waivers,
      error: ctx.expectationsError?.message ?? null,
    },
    errors: sortErrors(input.errors),
    drivers,
    rules: RULES.map((r) => ({ id: r.id, name: r.name, title: r.title, family: r.family, severity: r.severity, modes: [...r.modes], detection: [...r.detection] })),
  }
  report.ok = reportOk(report)
  return report
}

/** The run passes: no failing cell or describeDriver test, the plan met, nothing failed to load, the expectations true. */
export function reportOk(r: Omit<CedkReport, 'ok'>): boolean {
  const failingCells = VERDICTS.filter(isFailing).some((v) => r.summary.cells[v] > 0)
  const ex = r.expectations
  return (
    !failingCells && r.summary.tests.failed === 0 && r.plan.problems.length === 0 && r.errors.length === 0 &&
    ex.expired.length === 0 && ex.unexpectedPasses.length === 0 && ex.error === null
  )
}

export function sortErrors(errors: readonly { module: string; message: string }[]): { module: string; message: string }[] {
  return [...errors].sort((a, b) => compare(a.module, b.module) || compare(a.message, b.message))
}

/** The report as written: two-space JSON and a final newline. */
export function stringifyReport(report: CedkReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}

function buildDrivers(input: RunInput, runSeed: number): DriverReport[] {
  const byDll = new Map<string, DriverReport>()
  const modeOf = (dll: string, mode: Mode, seed: number): ModeReport => {
    const d = byDll.get(dll) ?? { dll, modes: {} }
    byDll.set(dll, d)
    return (d.modes[mode] ??= emptyMode(seed))
  }
  // Family cases first, in family order, so violations appear in a fixed order whatever order the tests ran in.
  const families = input.cases.flatMap((c) => (c.meta?.kind === 'family' && c.meta.result ? [{ ...c.meta, result: c.meta.result, module: c.module }] : []))
  // A driver checked by two spec files: the files in code-unit order, not the order vitest happened to list them.
  families.sort((a, b) => compare(a.dll, b.dll) || MODES.indexOf(a.mode) - MODES.indexOf(b.mode) || familyIndex(a.family) - familyIndex(b.family) || compare(a.module, b.module))
  for (const f of families) addFamily(modeOf(f.dll, f.mode, f.result.seed), f.family, f.result, f.module)
  for (const c of input.cases) {
    if (c.meta?.kind !== 'test') continue
    const m = modeOf(c.meta.dll, c.meta.mode, runSeed)
    addModule(m, c.module)
    const tests = m.tests
    if (c.state === 'passed') tests.passed++
    else if (c.state === 'failed') tests.failed++
    else tests.skipped++
  }
  return [...byDll.values()].sort((a, b) => compare(a.dll, b.dll)).map((d) => ({ dll: d.dll, modes: orderedModes(d.modes) }))
}

function emptyMode(seed: number): ModeReport {
  return { seed, modules: [], scenarios: [], families: {}, violations: [], failures: [], tests: { passed: 0, failed: 0, skipped: 0 } }
}

function addModule(m: ModeReport, module: string): void {
  if (m.modules.includes(module)) return
  m.modules.push(module)
  m.modules.sort(compare)
}

function addFamily(m: ModeReport, family: Family, r: FamilyResult, module: string): void {
  addModule(m, module)
  if (!m.scenarios.length) m.scenarios = [...r.scenarios]
  const prev = m.families[family]
  const cell: FamilyCell = {
    verdict: r.verdict,
    violations: r.violations.filter((v) => v.severity === 'error' && !v.waiver).length,
    waived: r.violations.filter((v) => v.waiver).length,
    warnings: r.violations.filter((v) => v.severity === 'warning' && !v.waiver).length,
    failures: r.failures.length,
  }
  // The same driver checked twice in one run (two spec files): the cell keeps the worse verdict and every finding.
  m.families[family] = prev ? mergeCells(prev, cell) : cell
  m.violations.push(...r.violations)
  m.failures.push(...r.failures)
}

export function mergeCells(a: FamilyCell, b: FamilyCell): FamilyCell {
  return {
    verdict: mostSerious([a.verdict, b.verdict]),
    violations: a.violations + b.violations,
    waived: a.waived + b.waived,
    warnings: a.warnings + b.warnings,
    failures: a.failures + b.failures,
  }
}

function orderedModes(modes: Partial<Record<Mode, ModeReport>>): Partial<Record<Mode, ModeReport>> {
  const out: Partial<Record<Mode, ModeReport>> = {}
  for (const mode of MODES) {
    const m = modes[mode]
    if (!m) continue
    const families: Partial<Record<Family, FamilyCell>> = {}
    for (const { id } of FAMILIES) if (m.families[id]) families[id] = m.families[id]
    out[mode] = { ...m, families }
  }
  return out
}

/** One driver in one mode of a report. */
export interface DriverMode {
  dll: string
  mode: Mode
  m: ModeReport
}

/** Every driver in every mode it has, drivers in report order, modes in MODES order: what each renderer walks. */
export function driverModes(drivers: readonly DriverReport[]): DriverMode[] {
  return drivers.flatMap((d) => MODES.flatMap((mode) => (d.modes[mode] ? [{ dll: d.dll, mode, m: d.modes[mode] }] : [])))
}

function checkedCells(drivers: readonly DriverReport[]): CheckedCell[] {
  return driverModes(drivers).flatMap(({ dll, mode, m }) =>
    FAMILIES.filter((f) => m.families[f.id]).map((f) => ({
      dll,
      mode,
      family: f.id,
      rules: m.violations.filter((v) => v.family === f.id).map((v) => v.rule),
    })),
  )
}

export function summarize(drivers: readonly DriverReport[]): CedkReport['summary'] {
  const cells = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>
  const summary = { cells, violations: 0, waived: 0, tests: { passed: 0, failed: 0, skipped: 0 } }
  for (const d of drivers) {
    for (const m of Object.values(d.modes)) {
      for (const cell of Object.values(m.families)) {
        cells[cell.verdict]++
        summary.violations += cell.violations
        summary.waived += cell.waived
      }
      summary.tests.passed += m.tests.passed
      summary.tests.failed += m.tests.failed
      summary.tests.skipped += m.tests.skipped
    }
  }
  return summary
}

export function familyIndex(f: Family): number {
  return FAMILIES.findIndex((x) => x.id === f)
}

// Plain code-unit order, not localeCompare: the same on every machine.
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
