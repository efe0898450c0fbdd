// What a test hands the reporter through vitest's task meta (plain JSON, so it crosses from the worker): the case a
// conformance test stands for, known at collection, and its result, added when it ran.
import type { TraceEvent, TraceExport } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type { Family } from '../rules/family.js'
import type { Severity } from '../rules/rule.js'
import { findRule } from '../rules/table.js'
import type { Verdict, Violation } from '../verifier/violation.js'

export interface EventRecord {
  seq: number
  type: string
  /** Virtual time in ms. */
  time: number
  tid: number
  /** The trace's own one-line rendering of the event. */
  text: string
}

export interface WaiverRef {
  reason: string
  expires: string
}

/** A violation as the report stores it: JSON only, with the scenario that produced it. */
export interface ViolationRecord {
  rule: string
  family: Family
  severity: Severity
  mode: Mode
  driver: string
  entry: string
  scenario: string
  message: string
  event: EventRecord | null
  address?: number
  size?: number
  origin?: string
  stack: string[]
  /** The driver's source lines at the violation, innermost first ("src/serial.ts:120:17 (setBaud)"). */
  source?: string[]
  fix: string
  detail?: Record<string, unknown>
  /** Set when an expectations-file waiver covers it. */
  waiver?: WaiverRef
  /** Set when the describeDriver test that found it expected its rule (a passing `toViolate`). */
  expected?: true
  /** The trace around the evidence event (cedk-trace/1), for the HTML report's timeline; bounded, not always set. */
  trace?: TraceExport
  /** A divergence (CE6-R07): each mode's trace of the step that differs (cedk-trace/1), for the side-by-side view. */
  traces?: { kernel?: TraceExport; udevice?: TraceExport }
}

/** A scenario that could not do its job: the driver did not load, a call hung, the machine stopped, … */
export interface ScenarioFailure {
  scenario: string
  family: Family
  verdict: Verdict
  message: string
  /** The scenario stopped part-way (the driver did not load, hung, …): no family was fully checked in it. */
  incomplete?: boolean
}

/** The describe conformance() registers for a driver in a mode; JUnit names its suite the same. */
export function conformanceSuiteName(dll: string, mode: Mode): string {
  return `conformance of ${dll} in ${mode} mode`
}

/** Static meta of a generated conformance test: the case it stands for in the plan. */
export interface FamilyCase {
  kind: 'family'
  dll: string
  /** Where the driver was defined (DriverModule.source), when known: with the DLL name, what makes a row. */
  definition?: string
  mode: Mode
  family: Family
}

export interface FamilyResult {
  seed: number
  verdict: Verdict
  violations: ViolationRecord[]
  failures: ScenarioFailure[]
  /** The scenarios the family was checked on, in order. */
  scenarios: string[]
}

/** A describeDriver test: counted per driver and mode; the violations its verifier found count in their cells. */
export interface DriverTest {
  kind: 'test'
  dll: string
  definition?: string
  mode: Mode
}

/** What a describeDriver test found, added when its machine shut down. */
export interface DriverTestResult {
  /** Every violation of the test's machine, end-of-run ones included; `expected` where the test asserted the rule. */
  violations: ViolationRecord[]
}

/** A property test of the generated suite (properties/suites.ts): its findings count in the driver's cells too. */
export interface PropertyCase {
  kind: 'property'
  dll: string
  definition?: string
  /** The mode it ran in; equivalence runs both and is filed under kernel with `alsoIn` udevice. */
  mode: Mode
  alsoIn?: Mode
  /** "no-violation/kernel", "equivalence", … (the replay id). */
  property: string
}

/** What a failed property found in its shrunk counterexample: rule violations, and the problems that are no rule. */
export interface PropertyResult {
  violations: ViolationRecord[]
  failures: ScenarioFailure[]
}

export type CedkMeta = (FamilyCase & { result?: FamilyResult }) | (DriverTest & { result?: DriverTestResult }) | (PropertyCase & { result?: PropertyResult })

/** Meta of a suite registered by conformance(): how many cases it planned. */
export interface SuitePlan {
  dll: string
  mode: Mode
  cases: number
}

export function cedkMeta(meta: object): CedkMeta | undefined {
  return (meta as { cedk?: CedkMeta }).cedk
}

export function suitePlan(meta: object): SuitePlan | undefined {
  return (meta as { cedkPlan?: SuitePlan }).cedkPlan
}

export function eventRecord(e: TraceEvent, format: (e: TraceEvent) => string): EventRecord {
  return { seq: e.seq, type: e.type, time: e.time, tid: e.tid, text: format(e).trim() }
}

/** The violation's message without the "CE6-M01 <title>: " the verifier may start it with (shown beside it anyway). */
export function shortMessage(v: Pick<ViolationRecord, 'rule' | 'message'>): string {
  const title = findRule(v.rule)?.title
  return title ? v.message.replace(`${v.rule} ${title}: `, '') : v.message
}

export function violationRecord(v: Violation, scenario: string, format: (e: TraceEvent) => string): ViolationRecord {
  const rule = findRule(v.rule)
  const rec: ViolationRecord = {
    rule: v.rule,
    family: rule?.family ?? 'robustness',
    severity: rule?.severity ?? 'error',
    mode: v.mode,
    driver: v.driver,
    entry: v.entry,
    scenario,
    message: v.message,
    event: v.event ? eventRecord(v.event, format) : null,
    stack: [...v.stack],
    fix: v.fix,
  }
  if (v.address !== undefined) rec.address = v.address
  if (v.size !== undefined) rec.size = v.size
  if (v.origin !== undefined) rec.origin = v.origin
  if (v.source !== undefined) rec.source = [...v.source]
  if (v.detail !== undefined) rec.detail = jsonSafe(v.detail, 3) as Record<string, unknown>
  return rec
}

/** A JSON-only copy of a value, deterministic, depth-limited (typed arrays become number arrays). */
export function jsonSafe(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null
  if (depth <= 0) return String(value)
  if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
  if (Array.isArray(value)) return value.map((x) => jsonSafe(x, depth - 1))
  if (value instanceof Error) return `${value.name}: ${value.message}`
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined && typeof v !== 'function') out[k] = jsonSafe(v, depth - 1)
  }
  return out
}
