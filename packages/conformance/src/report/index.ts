// @cedk/conformance/reporter: what runs in vitest's main process (no test API here).
export { CedkReporter, type CedkReporterOptions } from './reporter.js'
export { buildReport, stringifyReport, REPORT_SCHEMA, DEFAULT_REPORT_FILE, type CedkReport, type DriverReport, type ModeReport, type FamilyCell, type ReportContext } from './json-report.js'
export { renderMatrix } from './matrix.js'
export { checkPlan, type PlanCheck } from './plan.js'
export { collectRun, type RunInput, type CaseInput, type SuiteInput } from './run-input.js'
export {
  parseExpectations,
  checkWaivers,
  activeWaiver,
  isExpired,
  dayOf,
  EXPECTATIONS_SCHEMA,
  DEFAULT_EXPECTATIONS_FILE,
  ExpectationsError,
  type ExpectationsFile,
  type Waiver,
  type WaiverCheck,
} from './expectations.js'
export type { CedkMeta, FamilyCase, FamilyResult, ViolationRecord, ScenarioFailure, EventRecord, SuitePlan } from './case-record.js'
export { cellVerdict, ruleVerdict, familyApplies, isFailing } from './verdict.js'
