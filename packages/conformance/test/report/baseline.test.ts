// The baseline diff: what a change fixed and what it broke, by cell and by finding.
import { expect, test } from 'vitest'
import { diffReports, isRegression, renderDiff } from '../../src/report/baseline.js'
import { buildReport } from '../../src/report/index.js'
import { driverCases, runOf, violationRec } from '../helpers/synthetic-run.js'
import { cleanReport, failingReport } from '../helpers/sample-reports.js'

test('from failing to clean: the failing cells and their findings are fixed, nothing broke', () => {
  const d = diffReports(failingReport(), cleanReport())
  expect(isRegression(d)).toBe(false)
  expect(d.fixed.cells.map((c) => `${c.dll} ${c.mode} ${c.family} ${c.before}→${c.after}`)).toContain('legacy.dll kernel marshalling violation→null')
  expect(d.fixed.findings.map((f) => f.what)).toEqual(expect.arrayContaining(['CE6-M01', 'driver-crash']))
  expect(d.broken).toEqual({ cells: [], findings: [] })
})

test('a new violation in a passing cell is broken; a second occurrence of a known one is broken too', () => {
  const before = buildReport(runOf(driverCases('a.dll', 'kernel', { marshalling: { verdict: 'violation', violations: [violationRec({ driver: 'a.dll' })] } })), { seed: 1 })
  const after = buildReport(
    runOf(driverCases('a.dll', 'kernel', {
      marshalling: { verdict: 'violation', violations: [violationRec({ driver: 'a.dll' }), violationRec({ driver: 'a.dll' })] },
      callbacks: { verdict: 'violation', violations: [violationRec({ driver: 'a.dll', rule: 'CE6-C01', family: 'callbacks' })] },
    })),
    { seed: 1 },
  )
  const d = diffReports(before, after)
  expect(isRegression(d)).toBe(true)
  expect(d.broken.cells).toEqual([{ dll: 'a.dll', mode: 'kernel', family: 'callbacks', before: 'pass', after: 'violation' }])
  expect(d.broken.findings.map((f) => [f.what, f.before, f.after])).toEqual([['CE6-C01', 0, 1], ['CE6-M01', 1, 2]])
  expect(renderDiff(d)).toMatch(/^fixed: nothing\nbroken:\n {2}a\.dll kernel callbacks: pass → violation/)
})

test('the same report against itself: no change', () => {
  const d = diffReports(failingReport(), failingReport())
  expect(d).toEqual({ fixed: { cells: [], findings: [] }, broken: { cells: [], findings: [] }, changed: [] })
})
