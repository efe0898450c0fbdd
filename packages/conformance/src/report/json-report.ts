// cedk-report.json (schema cedk-report/2, documented in docs/report-schema.md): the run's verdicts by driver,
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
import { cellVerdict, familyApplies, isFailing, mostSerious } from './verdict.js'

export const REPORT_SCHEMA = 'cedk-report/2'
export const DEFAULT_REPORT_FILE = 'cedk-report.json'

export interface FamilyCell {
  verdict: Verdict
  /** Error-severity violations neither waived nor expected. */
  violations: number
  /** Violations a describeDriver test expected (toViolate) and no waiver covers. */
  expected: number
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
  /** The property tests of the generated suite (IOCTL descriptions) that ran in this mode; absent when none did. */
  properties?: { passed: number; failed: number; skipped: number }
}

export interface DriverReport {
  dll: string
  /** Where the driver was defined ("examples/x/src/x.ts:12", relative to the root), null when unknown. */
  definition: string | null
  /** The row's name: the DLL, and the spec files that checked it when another row has the same DLL name. */
  label: string
  modes: Partial<Record<Mode, ModeReport>>
}

export interface CedkReport {
  schema: typeof REPORT_SCHEMA
  seed: number
  /** Set when the run was one shard of a split (vitest --shard=index/count); a merged report has none. */
  shard?: { index: number; count: number }
  ok: boolean
  summary: { cells: Record<Verdict, number>; violations: number; expected: number; waived: number; tests: { passed: number; failed: number; skipped: number } }
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

const VERDICTS: readonly Verdict[] = ['pass', 'violation', 'divergence', 'driver-crash', 'hang', 'leak', 'harness-error', 'not-applicable', 'waived', 'not-checked']

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

/** A row's identity: the DLL name and where the driver was defined (else the spec file that ran it). */
export function driverKey(dll: string, definition: string | null, module: string): string {
  return `${dll.toLowerCase()}|${definition ?? `spec:${module}`}`
}

interface Row {
  dll: string
  definition: string | null
  modes: Partial<Record<Mode, ModeReport>>
}

function buildDrivers(input: RunInput, runSeed: number): DriverReport[] {
  const rows = new Map<string, Row>()
  const modeOf = (dll: string, definition: string | undefined, module: string, mode: Mode, seed: number): ModeReport => {
    const key = driverKey(dll, definition ?? null, module)
    const d = rows.get(key) ?? { dll, definition: definition ?? null, modes: {} }
    rows.set(key, d)
    return (d.modes[mode] ??= emptyMode(seed))
  }
  // Family cases first, in family order, so violations appear in a fixed order whatever order the tests ran in.
  const families = input.cases.flatMap((c) => (c.meta?.kind === 'family' && c.meta.result ? [{ ...c.meta, result: c.meta.result, module: c.module }] : []))
  // A driver checked by two spec files: the files in code-unit order, not the order vitest happened to list them.
  families.sort((a, b) => compare(a.dll, b.dll) || MODES.indexOf(a.mode) - MODES.indexOf(b.mode) || familyIndex(a.family) - familyIndex(b.family) || compare(a.module, b.module))
  for (const f of families) addFamily(modeOf(f.dll, f.definition, f.module, f.mode, f.result.seed), f.family, f.result, f.module)
  // describeDriver tests after, by spec file and test name: their findings count in the cells of their mode.
  const tests = input.cases.flatMap((c) => (c.meta?.kind === 'test' ? [{ ...c, meta: c.meta }] : []))
  tests.sort((a, b) => compare(a.module, b.module) || compare(a.names.join(' > '), b.names.join(' > ')))
  const found = new Map<ModeReport, ViolationRecord[][]>()
  for (const c of tests) {
    const m = modeOf(c.meta.dll, c.meta.definition, c.module, c.meta.mode, runSeed)
    addModule(m, c.module)
    const t = m.tests
    if (c.state === 'passed') t.passed++
    else if (c.state === 'failed') t.failed++
    else t.skipped++
    if (c.meta.result) found.set(m, [...(found.get(m) ?? []), c.meta.result.violations])
  }
  // Property tests of the generated suite: a failed one brings the violations and problems of its counterexample.
  const failedSteps = new Map<ModeReport, ScenarioFailure[]>()
  const properties = input.cases.flatMap((c) => (c.meta?.kind === 'property' ? [{ ...c, meta: c.meta }] : []))
  properties.sort((a, b) => compare(a.module, b.module) || compare(a.names.join(' > '), b.names.join(' > ')))
  for (const c of properties) {
    const modes = [c.meta.mode, ...(c.meta.alsoIn ? [c.meta.alsoIn] : [])]
    for (const mode of modes) {
      const m = modeOf(c.meta.dll, c.meta.definition, c.module, mode, runSeed)
      addModule(m, c.module)
      const p = (m.properties ??= { passed: 0, failed: 0, skipped: 0 })
      if (c.state === 'passed') p.passed++
      else if (c.state === 'failed') p.failed++
      else p.skipped++
      const r = c.meta.result
      if (!r) continue
      const mine = r.violations.filter((v) => v.mode === mode || !modes.includes(v.mode))
      found.set(m, [...(found.get(m) ?? []), mine])
      if (mode === c.meta.mode) failedSteps.set(m, [...(failedSteps.get(m) ?? []), ...r.failures])
    }
  }
  for (const row of rows.values()) {
    for (const mode of MODES) {
      const m = row.modes[mode]
      const lists = m && found.get(m)
      if (m && lists) addTestFindings(m, mode, lists.flat(), failedSteps.get(m) ?? [])
    }
  }
  const built = [...rows.values()].map((d) => ({ dll: d.dll, definition: d.definition, modes: orderedModes(d.modes) }))
  return labelled(built).sort((a, b) => compare(a.dll.toLowerCase(), b.dll.toLowerCase()) || compare(a.label, b.label))
}

/**
 * What describeDriver tests and property tests found in one mode, as one cell per family the verifier watched:
 * their violations, and the property problems that name no rule (failed steps, like a scenario's).
 */
function addTestFindings(m: ModeReport, mode: Mode, violations: readonly ViolationRecord[], failures: readonly ScenarioFailure[]): void {
  for (const { id: family } of FAMILIES) {
    const mine = violations.filter((v) => v.family === family)
    const steps = failures.filter((f) => f.family === family)
    const errors = mine.filter((v) => v.severity === 'error')
    const verdict = cellVerdict({
      applies: familyApplies(family, mode),
      open: errors.filter((v) => !v.waiver && !v.expected).map((v) => v.rule),
      waived: errors.filter((v) => v.waiver || v.expected).map((v) => v.rule),
      failures: steps.map((f) => f.verdict),
    })
    const cell = cellOf(verdict, mine, steps.length)
    const prev = m.families[family]
    m.families[family] = prev ? mergeCells(prev, cell) : cell
    m.violations.push(...mine)
    m.failures.push(...steps)
  }
}

/**
 * Each row's label: its DLL name, or, when two rows share one, the DLL and the spec files that checked it (the
 * definition site when even those are the same), so the matrix never merges two drivers nor shows two equal rows.
 */
export function labelled(rows: readonly Omit<DriverReport, 'label'>[]): DriverReport[] {
  const specs = (d: Omit<DriverReport, 'label'>) => [...new Set(Object.values(d.modes).flatMap((m) => m.modules))].sort(compare).join(', ')
  return rows.map((d) => {
    const namesakes = rows.filter((o) => o.dll.toLowerCase() === d.dll.toLowerCase())
    if (namesakes.length === 1) return { ...d, label: d.dll }
    const sameSpecs = namesakes.filter((o) => specs(o) === specs(d)).length > 1
    return { ...d, label: `${d.dll} (${sameSpecs ? (d.definition ?? specs(d)) : specs(d)})` }
  })
}

function emptyMode(seed: number): ModeReport {
  return { seed, modules: [], scenarios: [], families: {}, violations: [], failures: [], tests: { passed: 0, failed: 0, skipped: 0 } }
}

function addModule(m: ModeReport, module: string): void {
  if (m.modules.includes(module)) return
  m.modules.push(module)
  m.modules.sort(compare)
}

function cellOf(verdict: Verdict, violations: readonly ViolationRecord[], failures: number): FamilyCell {
  return {
    verdict,
    violations: violations.filter((v) => v.severity === 'error' && !v.waiver && !v.expected).length,
    expected: violations.filter((v) => v.expected && !v.waiver).length,
    waived: violations.filter((v) => v.waiver).length,
    warnings: violations.filter((v) => v.severity === 'warning' && !v.waiver && !v.expected).length,
    failures,
  }
}

function addFamily(m: ModeReport, family: Family, r: FamilyResult, module: string): void {
  addModule(m, module)
  if (!m.scenarios.length) m.scenarios = [...r.scenarios]
  const prev = m.families[family]
  const cell = cellOf(r.verdict, r.violations, r.failures.length)
  // The same driver checked twice in one run (two spec files): the cell keeps the worse verdict and every finding.
  m.families[family] = prev ? mergeCells(prev, cell) : cell
  m.violations.push(...r.violations)
  m.failures.push(...r.failures)
}

/** A passing cell's known findings, "expected 4, waived 1": never shown as a plain pass. */
export function knownFindings(cell: Pick<FamilyCell, 'expected' | 'waived'>): string {
  const parts = [...(cell.expected ? [`expected ${cell.expected}`] : []), ...(cell.waived ? [`waived ${cell.waived}`] : [])]
  return parts.join(', ') || 'waived'
}

export function mergeCells(a: FamilyCell, b: FamilyCell): FamilyCell {
  return {
    verdict: mostSerious([a.verdict, b.verdict]),
    violations: a.violations + b.violations,
    expected: a.expected + b.expected,
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
  /** The row's label (the DLL name unless two rows share it). */
  label: string
  mode: Mode
  m: ModeReport
}

/** Every driver in every mode it has, drivers in report order, modes in MODES order: what each renderer walks. */
export function driverModes(drivers: readonly DriverReport[]): DriverMode[] {
  return drivers.flatMap((d) => MODES.flatMap((mode) => (d.modes[mode] ? [{ dll: d.dll, label: d.label, mode, m: d.modes[mode] }] : [])))
}

function checkedCells(drivers: readonly DriverReport[]): CheckedCell[] {
  return driverModes(drivers).flatMap(({ dll, mode, m }) =>
    FAMILIES.filter((f) => m.families[f.id]).map((f) => ({
      dll,
      mode,
      family: f.id,
      rules: m.violations.filter((v) => v.family === f.id).map((v) => v.rule),
      modules: m.modules,
    })),
  )
}

export function summarize(drivers: readonly DriverReport[]): CedkReport['summary'] {
  const cells = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>
  const summary = { cells, violations: 0, expected: 0, waived: 0, tests: { passed: 0, failed: 0, skipped: 0 } }
  for (const d of drivers) {
    for (const m of Object.values(d.modes)) {
      for (const cell of Object.values(m.families)) {
        cells[cell.verdict]++
        summary.violations += cell.violations
        summary.expected += cell.expected
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
