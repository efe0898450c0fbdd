// What a describeDriver test found, as the report stores it: every violation of its machine (end-of-run ones
// included), waived where the expectations file says so, `expected` where the test asserted the rule with a passing
// toViolate on the violations (the fixture, or what shutdown() returned).
import type { ProvidedExpectations } from '../provided-context.js'
import { violationRecord, type ViolationRecord } from '../report/case-record.js'
import type { Violation } from '../verifier/violation.js'
import type { DriverMachine } from './driver-machine.js'
import { applyWaivers } from './family-result.js'
import { expectedOf } from './violation-view.js'

export function testFindings(dm: DriverMachine, all: readonly Violation[], scenario: string, spec: string, provided: ProvidedExpectations | undefined): ViolationRecord[] {
  const expected = expectedOf(dm.verifier.violations, all)
  const format = dm.machine.trace.format.bind(dm.machine.trace)
  const records = all.map((v) => violationRecord(v, scenario, format))
  return applyWaivers(records, provided, spec).map((r) => (expected.has(r.rule) && !r.waiver ? { ...r, expected: true as const } : r))
}
