// The conformance matchers, registered with expect.extend when the package is imported:
//   expect(violations).toHaveNoViolations()   expect(violations).toViolate('CE6-M01')
//   expect(result).toSucceed()                expect(result).toFailWith('ERROR_INVALID_PARAMETER' | 87)
// A failure lists each violation (rule, event, driver stack) and the command that re-runs the test.
import { expect } from 'vitest'
import { win32ErrorName, type CallResult } from '@cedk/kernel'
import type { ViolationRecord } from '../report/case-record.js'
import { findRule } from '../rules/table.js'
import { failureReport, formatViolation, namesOf, rerunCommand } from './failure-message.js'
import { specSeed } from './run-settings.js'
import { asRecords, isViolationList, noteExpected, sourceOf } from './violation-view.js'

interface CedkMatchers<R = unknown> {
  /** The array of violations (a fixture's `violations`, a shutdown's result, a report's) is empty. */
  toHaveNoViolations: () => R
  /** Some violation in the array is of this rule, e.g. "CE6-M01". */
  toViolate: (ruleId: string) => R
  /** The call failed with this last error, by code (87) or name ("ERROR_INVALID_PARAMETER"). */
  toFailWith: (error: number | string) => R
  /** The call succeeded. */
  toSucceed: () => R
}

declare module 'vitest' {
  interface Matchers<T = any> extends CedkMatchers<T> {}
}

interface State {
  isNot: boolean
  testPath?: string | undefined
  currentTestName?: string | undefined
}

function rerunOf(state: State, received: unknown) {
  const src = typeof received === 'object' && received !== null ? sourceOf(received) : undefined
  const seed = src ? { seed: src.seed, pinned: src.pinned } : specSeed(undefined)
  return { file: state.testPath, names: namesOf(state.currentTestName), ...seed }
}

function notAViolationList(received: unknown, matcher: string) {
  return { pass: false, message: () => `${matcher}: expected an array of violations (the \`violations\` fixture, a shutdown()'s result), got ${typeof received}` }
}

function isCallResult(x: unknown): x is CallResult {
  return typeof x === 'object' && x !== null && typeof (x as CallResult).ok === 'boolean' && typeof (x as CallResult).lastError === 'number'
}

function describeCall(r: CallResult): string {
  return r.ok ? `it succeeded (value ${r.value}, ${r.bytes} bytes)` : `it failed with ${r.error} (${r.lastError})`
}

function toHaveNoViolations(this: State, received: unknown) {
  if (!isViolationList(received)) return notAViolationList(received, 'toHaveNoViolations')
  const records = asRecords(received)
  return {
    pass: records.length === 0,
    message: () =>
      this.isNot
        ? 'expected violations, found none'
        : failureReport(`expected no violations, found ${records.length}:`, records.map(formatViolation), rerunOf(this, received)),
  }
}

function toViolate(this: State, received: unknown, ruleId: string) {
  if (!isViolationList(received)) return notAViolationList(received, 'toViolate')
  const rule = findRule(ruleId)
  if (!rule) return { pass: false, message: () => `toViolate: unknown rule ${ruleId} (see docs/rules.md)` }
  const records: ViolationRecord[] = asRecords(received)
  const hits = records.filter((v) => v.rule === ruleId)
  const others = records.filter((v) => v.rule !== ruleId)
  const what = `${ruleId} ${rule.name}`
  if (hits.length && !this.isNot) noteExpected(received, ruleId)
  return {
    pass: hits.length > 0,
    message: () =>
      this.isNot
        ? failureReport(`expected no violation of ${what}, found ${hits.length}:`, hits.map(formatViolation), rerunOf(this, received))
        : failureReport(`expected a violation of ${what}, found ${others.length ? 'only other rules:' : 'no violations at all'}`, others.map(formatViolation), rerunOf(this, received)),
  }
}

function toFailWith(this: State, received: unknown, error: number | string) {
  if (!isCallResult(received)) return { pass: false, message: () => `toFailWith: expected a call result ({ ok, lastError, … }), got ${typeof received}` }
  const name = typeof error === 'number' ? win32ErrorName(error) : error
  const pass = !received.ok && (typeof error === 'number' ? received.lastError === error : received.error === error)
  return {
    pass,
    message: () => `expected the call ${this.isNot ? 'not ' : ''}to fail with ${name}; ${describeCall(received)}\n\nre-run this case: ${rerunCommand(rerunOf(this, received))}`,
  }
}

function toSucceed(this: State, received: unknown) {
  if (!isCallResult(received)) return { pass: false, message: () => `toSucceed: expected a call result ({ ok, lastError, … }), got ${typeof received}` }
  return {
    pass: received.ok,
    message: () => `expected the call ${this.isNot ? 'not ' : ''}to succeed; ${describeCall(received)}\n\nre-run this case: ${rerunCommand(rerunOf(this, received))}`,
  }
}

export const cedkMatchers = { toHaveNoViolations, toViolate, toFailWith, toSucceed }

expect.extend(cedkMatchers)

export type { CedkMatchers }
