// @cedk/conformance: runs CE6 drivers in kernel mode and in udevice and says, rule by rule, what they break.
export { MODES, type Mode } from './mode.js'
export { FAMILIES, familyInfo, type Family, type FamilyInfo, type FamilyLetter } from './rules/family.js'
export type { Rule, RuleId, RuleSource, Severity, Detection } from './rules/rule.js'
export { RULES, findRule, getRule, rulesOf } from './rules/table.js'
export { renderRulesDoc, RULES_DOC_PATH, RULES_DOC_COMMAND } from './rules/rules-doc.js'
export { attachVerifier, Verifier, type VerifierOptions } from './verifier/index.js'
export type { Violation, Verdict } from './verifier/violation.js'

// The spec-file API (on vitest): the generated suite, the team's own tests with fixtures, the matchers
export { conformance } from './spec-api/conformance.js'
export { conformanceSuiteName } from './report/case-record.js'
export { describeDriver, driverSuiteName, type DriverSuite } from './spec-api/describe-driver.js'
export type { DriverFixtures, ActiveDevice, DriverTestAPI } from './spec-api/fixtures.js'
export type { ConformanceOptions, DriverOptions, FaultInjection, IoctlSpec, OptionalBuffers } from './spec-api/options.js'
export { cedkMatchers, type CedkMatchers } from './spec-api/matchers.js'
export { BAD_POINTERS } from './spec-api/scenarios.js'
export { bootDriver, type DriverMachine } from './spec-api/driver-machine.js'
export { modeRuns, type ModeRuns } from './spec-api/mode-runs.js'
export type { ModeRun } from './spec-api/scenarios.js'
export { compareModes, RUNTIME_RULES, type ModeObservation } from './verifier/index.js'
export { checkEvents, type HardwareEvent, type StimulusTarget, type EventPlan } from './stimulus/hardware-event.js'

// The property-based suites (IOCTL descriptions, hostile generators, equivalence, models)
export * from './properties/index.js'

// The static porting analyzer (ts-morph): findings with tiers, user-mode readiness, human/JSON/SARIF, safe rewrites
export {
  analyze,
  STATIC_RULES,
  staticRule,
  TIERS,
  parseRegKeys,
  driverRegistry,
  formatHuman,
  formatJson,
  formatSarif,
  applyPatches,
  unifiedDiff,
  staticFindingsForReport,
  STATIC_JSON_VERSION,
  SARIF_SCHEMA,
  FINGERPRINT_KEY,
  type AnalysisResult,
  type StaticRuleMeta,
  type Tier,
  type ScanMode,
  type Finding,
  type AnalyzeOptions,
  type DriverRegistry,
  type LoadMode,
  type Readiness,
  type ReadinessVerdict,
  type HumanOptions,
  type FilePatch,
  type StaticReportFinding,
} from './static/index.js'
