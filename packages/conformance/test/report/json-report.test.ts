// cedk-report.json from synthetic runs: shape, order, counts, and byte-identical output for the same data.
import { expect, test } from 'vitest'
import { buildReport, stringifyReport, REPORT_SCHEMA } from '../../src/report/index.js'
import { RULES } from '../../src/index.js'
import { driverCases, familyCase, runOf, violationRec } from '../helpers/synthetic-run.js'

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
  expect(kernel.families.marshalling).toEqual({ verdict: 'violation', violations: 2, waived: 0, warnings: 0, failures: 0 })
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
  run.cases.push({ names: ['good.dll in kernel mode', 't'], module: 'm', state: 'failed', meta: { kind: 'test', dll: 'good.dll', mode: 'kernel' } })
  run.cases.push({ names: ['good.dll in kernel mode', 'u'], module: 'm', state: 'passed', meta: { kind: 'test', dll: 'good.dll', mode: 'kernel' } })
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
