// cedk-report.json from synthetic runs: shape, order, counts, and byte-identical output for the same data.
import { expect, test } from 'vitest'
import { buildReport, stringifyReport, REPORT_SCHEMA } from '../../src/report/index.js'
import { RULES } from '../../src/index.js'
import { driverCases, driverTestCase, familyCase, runOf, violationRec } from '../helpers/synthetic-run.js'

const legacy = () => [
  ...driverCases('legacy.dll', 'kernel', { marshalling: { verdict: 'violation', violations: [violationRec(), violationRec({ entry: 'Read' })] } }),
  ...driverCases('legacy.dll', 'udevice', { ui: { verdict: 'violation', violations: [violationRec({ rule: 'CE6-U02', family: 'ui', severity: 'warning', mode: 'udevice' })] } }),
  ...driverCases('good.dll', 'kernel'),
]

test('the schema: version, seed, drivers by DLL with modes in order, families in order, the rule table', () => {
  const r = buildReport(runOf(legacy()), { seed: 5 })
  expect(r.schema).toBe(REPORT_SCHEMA)
  expect(r.seed).toBe(5)
  expect(r.drivers.map((d) => d.dll)).toEqual(['good.dll', 'legacy.dll'])
  expect(Object.keys(r.drivers[1]!.modes)).toEqual(['kernel', 'udevice'])
  const kernel = r.drivers[1]!.modes.kernel!
  expect(Object.keys(kernel.families)).toEqual(['marshalling', 'async-buffers', 'callbacks', 'privileges', 'ui', 'robustness'])
  expect(kernel.families.marshalling).toEqual({ verdict: 'violation', violations: 2, expected: 0, waived: 0, warnings: 0, failures: 0 })
  expect(r.drivers.map((d) => [d.label, d.definition])).toEqual([['good.dll', 'examples/good/src/good.ts:3'], ['legacy.dll', 'examples/legacy/src/legacy.ts:3']])
  expect(kernel.violations.map((v) => v.entry)).toEqual(['IOControl', 'Read'])
  expect(kernel.violations[0]!.event).toMatchObject({ seq: 41, type: 'mem-read' })
  expect(r.rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id))
})

test('summary and ok: a violation fails the run; a warning alone does not', () => {
  const r = buildReport(runOf(legacy()), { seed: 1 })
  expect(r.summary.cells.violation).toBe(2)
  expect(r.summary.violations).toBe(2)
  expect(r.drivers[1]!.modes.udevice!.families.ui).toMatchObject({ warnings: 1, violations: 0 })
  expect(r.ok).toBe(false)
  const clean = buildReport(runOf(driverCases('good.dll', 'kernel', { ui: { violations: [violationRec({ rule: 'CE6-U02', family: 'ui', severity: 'warning', driver: 'good.dll' })] } })), { seed: 1 })
  expect(clean.ok).toBe(true)
})

test('describeDriver tests are counted per driver and mode, and a failed one fails the run', () => {
  const run = runOf(driverCases('good.dll', 'kernel'))
  run.cases.push(driverTestCase('good.dll', 'kernel', 'failed', 't', undefined, 'm'), driverTestCase('good.dll', 'kernel', 'passed', 'u', undefined, 'm'))
  const r = buildReport(run, { seed: 1 })
  expect(r.drivers[0]!.modes.kernel!.tests).toEqual({ passed: 1, failed: 1, skipped: 0 })
  expect(r.ok).toBe(false)
})

test('module errors are listed and fail the run', () => {
  const run = runOf(driverCases('good.dll', 'kernel'))
  run.errors.push({ module: 'examples/x/spec/x.conformance.test.ts', message: 'SyntaxError: nope' })
  const r = buildReport(run, { seed: 1 })
  expect(r.errors).toEqual([{ module: 'examples/x/spec/x.conformance.test.ts', message: 'SyntaxError: nope' }])
  expect(r.ok).toBe(false)
})

test('the same data in any test order gives the same bytes', () => {
  const cases = legacy()
  const a = stringifyReport(buildReport(runOf(cases), { seed: 9 }))
  const b = stringifyReport(buildReport(runOf([...cases].reverse()), { seed: 9 }))
  expect(b).toBe(a)
  expect(a.endsWith('}\n')).toBe(true)
  expect(JSON.parse(a)).toEqual(buildReport(runOf(cases), { seed: 9 }))
})

test('a driver checked by two spec files keeps the worse verdict and every violation', () => {
  const run = runOf([...driverCases('x.dll', 'kernel'), familyCase('x.dll', 'kernel', 'marshalling', { verdict: 'violation', violations: [violationRec({ driver: 'x.dll' })] })])
  const cell = buildReport(run, { seed: 1 }).drivers[0]!.modes.kernel!.families.marshalling
  expect(cell).toMatchObject({ verdict: 'violation', violations: 1 })
})

// Issue 12 item 10: an honest matrix.
const ce5Spec = 'examples/legacy-ce5/spec/legacy.conformance.test.ts'
const portSpec = 'examples/legacy-ce5-ported/spec/legacy-ported.conformance.test.ts'

function namesakes() {
  const port = driverCases('legacy.dll', 'kernel').map((c) => ({ ...c, module: portSpec, meta: { ...c.meta!, definition: 'examples/legacy-ce5-ported/src/legacy.ts:20' } }))
  const m07 = violationRec({ rule: 'CE6-M07', scenario: 'test: GET_INFO', expected: true })
  const ce5 = { ...driverTestCase('legacy.dll', 'kernel', 'passed', 'GET_INFO', [m07, violationRec({ scenario: 'test: GET_INFO' })], ce5Spec) }
  ce5.meta = { ...ce5.meta!, definition: 'examples/legacy-ce5/src/legacy.ts:30' }
  return [...port, ce5]
}

test('two drivers with one DLL name are two rows, labelled with their spec files', () => {
  const r = buildReport(runOf(namesakes()), { seed: 1 })
  // Code-unit order of the labels: "legacy-ce5-ported/" before "legacy-ce5/".
  expect(r.drivers.map((d) => d.label)).toEqual([`legacy.dll (${portSpec})`, `legacy.dll (${ce5Spec})`])
  expect(r.drivers.map((d) => d.definition)).toEqual(['examples/legacy-ce5-ported/src/legacy.ts:20', 'examples/legacy-ce5/src/legacy.ts:30'])
  expect(r.drivers[0]!.modes.kernel!.families.marshalling!.verdict).toBe('pass')
})

test('violations found by describeDriver tests count in their cell: unexpected ones fail it, expected ones show as expected', () => {
  const r = buildReport(runOf(namesakes()), { seed: 1 })
  const ce5 = r.drivers[1]!.modes.kernel!
  // One M07 the test expected, one M01 it did not: the cell is a violation with 1 open and 1 expected.
  expect(ce5.families.marshalling).toEqual({ verdict: 'violation', violations: 1, expected: 1, waived: 0, warnings: 0, failures: 0 })
  expect(ce5.violations.map((v) => [v.rule, v.scenario, v.expected ?? false])).toEqual([['CE6-M07', 'test: GET_INFO', true], ['CE6-M01', 'test: GET_INFO', false]])
  // The families the verifier watched and found nothing in pass; a family not checked at run time in kernel mode is n/a.
  expect(ce5.families.ui!.verdict).toBe('pass')
  expect(ce5.families.privileges!.verdict).toBe('not-applicable')
  expect(r.summary).toMatchObject({ violations: 1, expected: 1 })
  expect(r.ok).toBe(false)
})

test('a describeDriver test whose every violation is expected gives a waived cell with its count, and the run passes', () => {
  const expected = violationRec({ rule: 'CE6-M07', scenario: 'test: t', expected: true })
  const run = runOf([driverTestCase('old.dll', 'kernel', 'passed', 't', [expected, { ...expected }])])
  const r = buildReport(run, { seed: 1 })
  expect(r.drivers[0]!.modes.kernel!.families.marshalling).toEqual({ verdict: 'waived', violations: 0, expected: 2, waived: 0, warnings: 0, failures: 0 })
  expect(r.summary.cells.waived).toBe(1)
  expect(r.ok).toBe(true)
})
