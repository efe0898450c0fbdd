// Issue 12 item 10 through every output: two drivers with one DLL name are two rows, what describeDriver tests find
// counts in their cells, and a violation the spec expects (toViolate) or the expectations file waives is shown as
// such with its count, never as a pass.
import { expect, test } from 'vitest'
import { buildReport, driverBadge, renderMarkdown, renderMatrix, toJUnit, toSarif, badgeFiles, mergeReports, type CaseInput } from '../../src/report/index.js'
import { driverCases, driverTestCase, runOf, violationRec } from '../helpers/synthetic-run.js'

const ce5Spec = 'examples/legacy-ce5/spec/legacy.conformance.test.ts'
const portSpec = 'examples/legacy-ce5-ported/spec/legacy-ported.conformance.test.ts'
const waiver = { reason: 'kept broken on purpose', expires: '2099-12-31' }

/** The CE5 driver (describeDriver tests only) and its port (the generated suite), both "legacy.dll". */
function run(ce5Violations = [violationRec({ rule: 'CE6-M07', expected: true }), violationRec({ rule: 'CE6-U01', family: 'ui', waiver })]): CaseInput[] {
  const port = driverCases('legacy.dll', 'kernel').map((c) => ({ ...c, module: portSpec, meta: { ...c.meta!, definition: 'examples/legacy-ce5-ported/src/legacy.ts:9' } }))
  const ce5 = driverTestCase('legacy.dll', 'kernel', 'passed', 'GET_INFO', ce5Violations.map((v) => ({ ...v, scenario: 'test: GET_INFO' })), ce5Spec)
  return [...port, { ...ce5, meta: { ...ce5.meta!, definition: 'examples/legacy-ce5/src/legacy.ts:40' } }]
}

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex

test('the matrix: two rows named by their spec files; expected and waived cells with their counts', () => {
  const text = plain(renderMatrix(buildReport(runOf(run()), { seed: 1 }), { colors: false }))
  const rows = text.split('\n').filter((l) => l.startsWith('legacy.dll'))
  expect(rows).toHaveLength(2)
  expect(rows[0]).toMatch(new RegExp(`^legacy\\.dll \\(${portSpec}\\)\\s+kernel\\s+✓ pass\\s+✓ pass`))
  expect(rows[1]).toMatch(new RegExp(`^legacy\\.dll \\(${ce5Spec}\\)\\s+kernel\\s+~ expected 1\\s+✓ pass\\s+✓ pass\\s+– n/a\\s+~ waived 1\\s+✓ pass$`))
  expect(text).toContain(`~ legacy.dll (${ce5Spec}) kernel CE6-M07 in IOControl, scenario "test: GET_INFO"`)
  expect(text).toContain('(expected by the test)')
  expect(text).toContain('conformance: ok')
})

test('an unexpected violation found by a describeDriver test fails its cell and the run, though the test passed', () => {
  const r = buildReport(runOf(run([violationRec()])), { seed: 1 })
  expect(r.ok).toBe(false)
  const text = plain(renderMatrix(r, { colors: false }))
  expect(text).toMatch(new RegExp(`legacy\\.dll \\(${ce5Spec}\\)\\s+kernel\\s+✗ violation 1`))
  expect(text).toContain('conformance: FAILED')
})

test('Markdown, SARIF, JUnit and the badges say the same', () => {
  const r = buildReport(runOf(run()), { seed: 1 })
  const md = renderMarkdown(r)
  expect(md).toContain(`| \`legacy.dll (${ce5Spec})\` | kernel | 🟡 expected 1 |`)
  expect(md).toContain('0 violations (expected 1, waived 1)')
  expect(md).toContain('_(expected by the test)_')
  const sarif = toSarif(r) as { runs: { results: { ruleId: string; suppressions?: { kind: string }[] }[] }[] }
  const byRule = Object.fromEntries(sarif.runs[0]!.results.map((x) => [x.ruleId, x.suppressions?.[0]?.kind]))
  expect(byRule).toEqual({ 'CE6-M07': 'inSource', 'CE6-U01': 'external' })
  const junit = toJUnit(r)
  expect(junit).toContain(`<testsuite name="conformance of legacy.dll (${ce5Spec}) in kernel mode"`)
  expect(junit).toContain('(expected) CE6-M07')
  const ce5 = r.drivers.find((d) => d.definition === 'examples/legacy-ce5/src/legacy.ts:40')!
  expect(driverBadge(ce5)).toMatchObject({ message: 'kernel ~', color: 'yellow' })
  expect(new Set(badgeFiles(r).map((b) => b.file)).size).toBe(3) // the run's and one per row, none overwritten
})

test('merging shards keeps the two rows apart and the labels', () => {
  const r = buildReport(runOf(run()), { seed: 1 })
  const [a, b] = [r.drivers[0]!, r.drivers[1]!]
  const shard = (index: number, d: typeof a) => ({ ...r, shard: { index, count: 2 }, drivers: [d] })
  const merged = mergeReports([{ name: 'a.json', report: shard(1, a) }, { name: 'b.json', report: shard(2, b) }])
  expect(merged.drivers.map((d) => d.label)).toEqual(r.drivers.map((d) => d.label))
})
