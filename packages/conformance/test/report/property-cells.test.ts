// A failed property test's findings count in the driver's cells (issue 12 item 10: the matrix never says ✓ where
// there are violations): its counterexample's rule violations, and its problems that name no rule as failed steps.
import { expect, test } from 'vitest'
import { buildReport, renderMatrix, type CaseInput } from '../../src/report/index.js'
import { propertyResult } from '../../src/properties/run/property-result.js'
import type { Execution } from '../../src/properties/run/execute.js'
import type { PropertyFailure } from '../../src/properties/run/check.js'
import type { Violation } from '../../src/index.js'
import { definitionOf, driverCases, runOf } from '../helpers/synthetic-run.js'

const m01: Violation = { rule: 'CE6-M01', mode: 'kernel', driver: 'sum.dll', entry: 'IOControl', message: 'CE6-M01 Embedded pointer used without CeOpenCallerBuffer: read at 0x60000000', event: null, stack: [], fix: 'open it' }
const u02: Violation = { ...m01, rule: 'CE6-U02', message: 'CE6-U02 UI called directly from a user-mode driver: MessageBox' }

function execution(violations: Violation[]): Execution {
  return { mode: 'kernel', outcomes: [], violations, leaks: 0, bugcheck: null, udeviceCrashes: 0, exceptions: [], fingerprint: '0' }
}

function failure(problems: string[], violations: Violation[]): PropertyFailure<unknown, Execution[]> {
  return { seed: 1, path: '0', numShrinks: 0, counterexample: null, problems, detail: [execution(violations)], foundAt: 0 }
}

test('propertyResult: the violations the property judged become records; other problems become failed steps', () => {
  // The U02 warning of the same run is not among the problems the property failed on: it is left out.
  const r = propertyResult(failure([m01.message, '#1 READ with lpOutBuf guard returned TRUE', '#2 WAIT hung'], [m01, u02]), 'errors-not-faults/kernel', 'sum.dll', 'kernel')
  expect(r.violations.map((v) => [v.rule, v.scenario])).toEqual([['CE6-M01', 'property errors-not-faults/kernel']])
  expect(r.failures.map((f) => [f.family, f.verdict, f.message])).toEqual([
    ['robustness', 'violation', '#1 READ with lpOutBuf guard returned TRUE (kernel mode)'],
    ['robustness', 'hang', '#2 WAIT hung (kernel mode)'],
  ])
  expect(propertyResult(undefined, 'no-crash/kernel', 'sum.dll', 'kernel')).toEqual({ violations: [], failures: [] })
})

test('a failed property fails its cell, and the matrix shows why', () => {
  const r = propertyResult(failure([m01.message], [m01]), 'no-violation/kernel', 'sum.dll', 'kernel')
  const property: CaseInput = {
    names: ['properties of sum.dll', 'no-violation in kernel mode'],
    module: 'examples/sum/spec/x.conformance.test.ts',
    state: 'failed',
    meta: { kind: 'property', dll: 'sum.dll', definition: definitionOf('sum.dll'), mode: 'kernel', property: 'no-violation/kernel', result: r },
  }
  const report = buildReport(runOf([...driverCases('sum.dll', 'kernel'), property]), { seed: 1 })
  const kernel = report.drivers[0]!.modes.kernel!
  expect(kernel.families.marshalling).toMatchObject({ verdict: 'violation', violations: 1 })
  expect(kernel.properties).toEqual({ passed: 0, failed: 1, skipped: 0 })
  expect(report.ok).toBe(false)
  const text = renderMatrix(report, { colors: false })
  expect(text).toMatch(/sum\.dll\s+kernel\s+✗ violation 1/)
  expect(text).toContain('scenario "property no-violation/kernel"')
})
