import { expect, test } from 'vitest'
import { findingsByRule } from '../../src/report/by-rule.js'
import { failingReport } from '../helpers/sample-reports.js'

test('runtime violations and static findings merge by rule id, counted once each, ids and places sorted', () => {
  const report = failingReport()
  const runtime = report.drivers.flatMap((d) => Object.values(d.modes).flatMap((m) => m?.violations ?? []))
  expect(runtime.length).toBeGreaterThan(0)
  const rule = runtime[0]!.rule
  const by = findingsByRule(report, [
    { rule, file: 'src/b.ts' },
    { rule, file: 'src/a.ts' },
    { rule, file: 'src/a.ts' },
    { rule: 'CEDK-S01', file: 'src/a.ts' },
  ])
  expect(Object.keys(by)).toEqual(Object.keys(by).sort())
  expect(by[rule]).toMatchObject({ runtime: runtime.filter((v) => v.rule === rule).length, static: 3, files: ['src/a.ts', 'src/b.ts'] })
  expect(by['CEDK-S01']).toEqual({ runtime: 0, static: 1, drivers: [], files: ['src/a.ts'] })
  const total = Object.values(by).reduce((n, e) => n + e.runtime, 0)
  expect(total).toBe(runtime.length)
})
