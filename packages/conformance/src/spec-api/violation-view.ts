// Live violations (from the verifier) and stored ones (from a report) seen the same way by the matchers, with the
// trace formatter and seed of the machine that produced them when the array came from a describeDriver fixture.
import type { TraceEvent } from '@cedk/kernel'
import { violationRecord, type ViolationRecord } from '../report/case-record.js'
import type { Violation } from '../verifier/violation.js'

export interface ViolationSource {
  format: (e: TraceEvent) => string
  seed: number
  pinned: boolean
}

const sources = new WeakMap<object, ViolationSource>()

export function registerViolationSource(violations: readonly Violation[], source: ViolationSource): void {
  sources.set(violations, source)
}

export function sourceOf(violations: object): ViolationSource | undefined {
  return sources.get(violations)
}

const plainFormat = (e: TraceEvent): string => `#${e.seq} ${e.type} at ${e.time} ms on thread ${e.tid}`

export function isViolationList(x: unknown): x is ReadonlyArray<Violation | ViolationRecord> {
  return Array.isArray(x) && x.every((v) => typeof v === 'object' && v !== null && typeof (v as Violation).rule === 'string')
}

export function asRecords(list: ReadonlyArray<Violation | ViolationRecord>): ViolationRecord[] {
  const format = sourceOf(list)?.format ?? plainFormat
  return list.map((v) => ('scenario' in v ? v : violationRecord(v, '', format)))
}

// The rules a describeDriver test asserted with a passing `toViolate`, by the violations array it asserted on: the
// fixture marks those violations `expected` when the test ends, so the matrix shows them as expected, not as failures.
const expectedRules = new WeakMap<object, Set<string>>()

export function noteExpected(violations: object, rule: string): void {
  const rules = expectedRules.get(violations) ?? new Set<string>()
  rules.add(rule)
  expectedRules.set(violations, rules)
}

export function expectedOf(...lists: object[]): Set<string> {
  return new Set(lists.flatMap((l) => [...(expectedRules.get(l) ?? [])]))
}
