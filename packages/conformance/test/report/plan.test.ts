// The plan check: cases expected = cases run.
import { expect, test } from 'vitest'
import { buildReport, checkPlan } from '../../src/report/index.js'
import { driverCases, familyCase, runOf } from '../helpers/synthetic-run.js'

test('every planned case ran', () => {
  expect(checkPlan(runOf(driverCases('a.dll', 'kernel')))).toEqual({ planned: 6, run: 6, filtered: 0, problems: [] })
})

test('a planned case that was skipped, or ended without a result, is a problem that fails the run', () => {
  const cases = driverCases('a.dll', 'kernel')
  cases[1] = familyCase('a.dll', 'kernel', 'async-buffers', null, 'skipped')
  cases[2] = familyCase('a.dll', 'kernel', 'callbacks', null, 'failed')
  const plan = checkPlan(runOf(cases))
  expect(plan).toMatchObject({ planned: 6, run: 4, filtered: 0 })
  expect(plan.problems).toEqual([
    'examples/a/spec/x.conformance.test.ts > conformance of a.dll in kernel mode > async-buffers: planned but skipped',
    'examples/a/spec/x.conformance.test.ts > conformance of a.dll in kernel mode > callbacks: planned but failed without a result',
  ])
  expect(buildReport(runOf(cases), { seed: 1 }).ok).toBe(false)
})

test('cases left out by the name filter are neither expected nor missing', () => {
  const cases = driverCases('a.dll', 'kernel').map((c) => (c.names[1] === 'ui' ? c : { ...c, state: 'skipped' as const, meta: { ...c.meta!, result: undefined } }))
  const plan = checkPlan(runOf(cases), /a\.dll in kernel mode ui/)
  expect(plan).toEqual({ planned: 6, run: 1, filtered: 5, problems: [] })
})

test('a suite that registered fewer cases than it planned is a problem', () => {
  const run = runOf(driverCases('a.dll', 'kernel').slice(0, 5))
  expect(checkPlan(run).problems).toEqual(['examples/a/spec/x.conformance.test.ts > conformance of a.dll in kernel mode: planned 6 cases, registered 5'])
})
