// @cedk/conformance/reporter: what runs in vitest's main process (no test API here).
export { CedkReporter, type CedkReporterOptions } from './reporter.js'
export { cedkPlugin } from './plugin.js'
export { buildReport, stringifyReport, REPORT_SCHEMA, DEFAULT_REPORT_FILE, type CedkReport, type DriverReport, type ModeReport, type FamilyCell, type ReportContext } from './json-report.js'
export { renderMatrix } from './matrix.js'
export { checkPlan, type PlanCheck } from './plan.js'
export { collectRun, type RunInput, type CaseInput, type SuiteInput } from './run-input.js'
export {
  parseExpectations,
  checkWaivers,
  activeWaiver,
  waiverCovers,
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
// CI outputs from a report (what `cedk report` renders) and the merge of shard reports.
export { overallBadge, driverBadge, renderBadge, badgeFiles, type BadgeContent, type BadgeStyle } from './badge.js'
export { endpointJson, driverEndpointJson, stringifyEndpoint, type ShieldsEndpoint } from './endpoint.js'
export { renderMarkdown, type MarkdownOptions } from './markdown.js'
export { renderHtml, DEFAULT_HTML_FILE, type HtmlOptions } from './html/html-report.js'
export { toSarif, stringifySarif } from './sarif.js'
export { toJUnit } from './junit.js'
export { CedkJUnitReporter, cedkJUnitCase, type CedkJUnitOptions } from './vitest-junit.js'
export { junitOutcome, junitProperties, type JUnitOutcome, type JUnitProperty, type JUnitCell } from './junit-properties.js'
export { diffReports, isRegression, renderDiff, type BaselineDiff } from './baseline.js'
export { mergeReports, MergeError, type NamedReport } from './merge.js'
