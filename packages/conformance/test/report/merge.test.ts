// Merging shard reports: the merge of any split of a run equals the report of the whole run; nothing lost or
// counted twice; inputs from different runs refused.
import { expect, test } from 'vitest'
import { buildReport, type CaseInput, type CedkReport } from '../../src/report/index.js'
import { MergeError, mergeReports } from '../../src/report/merge.js'
import { failingCases } from '../helpers/sample-reports.js'
import { driverCases, runOf as runOfOneModule, violationRec } from '../helpers/synthetic-run.js'

/** The synthetic run of several spec files: each file's suites planned on their own. */
function runOf(cases: CaseInput[]) {
  const modules = [...new Set(cases.map((c) => c.module))]
  const runs = modules.map((m) => runOfOneModule(cases.filter((c) => c.module === m)))
  return { cases, suites: runs.flatMap((r) => r.suites), errors: [] }
}

/** Cases of the same driver from a second spec file, so one driver's cells come from two shards. */
function secondSpec(): CaseInput[] {
  return driverCases('legacy.dll', 'kernel', { marshalling: { verdict: 'violation', violations: [violationRec({ entry: 'Write' })] } }).map((c) => ({ ...c, module: 'examples/legacy/spec/second.conformance.test.ts' }))
}

function shards(cases: CaseInput[], count: number): CedkReport[] {
  const modules = [...new Set(cases.map((c) => c.module))].sort()
  return Array.from({ length: count }, (_, i) => {
    const mine = cases.filter((c) => modules.indexOf(c.module) % count === i)
    return buildReport(runOf(mine), { seed: 3, shard: { index: i + 1, count } })
  })
}

const named = (reports: CedkReport[]) => reports.map((report, i) => ({ name: `r${i + 1}.json`, report }))

test('two shards — one driver split across them — merge into the unsharded report, field for field', () => {
  const cases = [...failingCases(), ...secondSpec()]
  const whole = buildReport(runOf(cases), { seed: 3 })
  const [a, b] = shards(cases, 2)
  expect(a!.drivers.length + b!.drivers.length).toBeGreaterThan(whole.drivers.length) // legacy.dll is in both
  const merged = mergeReports(named([b!, a!]))
  expect(merged).toEqual(whole)
  expect(merged.summary.violations).toBe(whole.summary.violations)
  expect(merged.drivers.find((d) => d.dll === 'legacy.dll')!.modes.kernel!.modules).toEqual(['examples/legacy/spec/second.conformance.test.ts', 'examples/legacy/spec/x.conformance.test.ts'])
})

test('three shards, in any order, merge to the same report', () => {
  const cases = [...failingCases(), ...secondSpec()]
  const whole = buildReport(runOf(cases), { seed: 3 })
  const parts = shards(cases, 3)
  expect(mergeReports(named(parts))).toEqual(whole)
  expect(mergeReports(named([...parts].reverse()))).toEqual(whole)
})

test('nothing counted twice, nothing lost', () => {
  const [a] = shards([...failingCases(), ...secondSpec()], 2)
  expect(() => mergeReports(named([a!, a!]))).toThrow(/shard 1\/2 given twice \(r1.json and r2.json\)/)
  expect(() => mergeReports(named([a!]))).toThrow(/shard 2\/2 missing/)
  const unsharded = buildReport(runOf(failingCases()), { seed: 3 })
  expect(() => mergeReports(named([unsharded, unsharded]))).toThrow(/examples\/good\/spec\/x.conformance.test.ts is in both r1.json and r2.json/)
  expect(() => mergeReports(named([a!, unsharded]))).toThrow(/r2.json is not a shard/)
})

test('reports of different runs are refused: seeds, rule tables, expectations files', () => {
  const [a, b] = shards(failingCases(), 2)
  expect(() => mergeReports(named([a!, { ...b!, seed: 4 }]))).toThrow(MergeError)
  expect(() => mergeReports(named([a!, { ...b!, seed: 4 }]))).toThrow(/seeds differ \(3 vs 4\)/)
  expect(() => mergeReports(named([a!, { ...b!, rules: b!.rules.slice(1) }]))).toThrow(/rule tables differ/)
  expect(() => mergeReports(named([a!, { ...b!, expectations: { ...b!.expectations, file: 'other.json' } }]))).toThrow(/expectations files differ/)
  const drift = { ...b!, drivers: b!.drivers.map((d) => ({ ...d, modes: { kernel: { ...d.modes.kernel!, seed: 9, modules: ['elsewhere.ts'] } } })) }
  const { dll, definition, label } = b!.drivers[0]!
  const sameDll = { ...a!, drivers: a!.drivers.map((d) => ({ ...d, dll, definition, label })) }
  expect(() => mergeReports(named([sameDll, drift]))).toThrow(/legacy.dll in kernel mode: conflicting seeds (1 and 9|9 and 1)/)
})

test("failed property tests (their shrunk programs and traces) are kept: each shard's, in the report's order", () => {
  const cases = [...failingCases(), ...secondSpec()]
  const [a, b] = shards(cases, 2)
  const record = (dll: string, property: string, module: string) => ({ dll, property, module, text: `${dll} ${property}`, replay: `CEDK_SEED=3 npx vitest run ${module}`, traces: [] })
  a!.properties = [record('legacy.dll', 'no-violation/kernel', 'examples/legacy/spec/x.conformance.test.ts')]
  b!.properties = [record('echo.dll', 'equivalence', 'examples/echo/spec/echo.conformance.test.ts'), record('legacy.dll', 'equivalence', 'examples/legacy/spec/second.conformance.test.ts')]
  const merged = mergeReports(named([a!, b!]))
  expect(merged.properties?.map((p) => `${p.dll} ${p.property}`)).toEqual(['echo.dll equivalence', 'legacy.dll equivalence', 'legacy.dll no-violation/kernel'])
  expect(mergeReports(named(shards(cases, 2))).properties).toBeUndefined()
})
