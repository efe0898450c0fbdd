// The matchers on call results and violation arrays, and what their failures say.
import { describe, expect, test } from 'vitest'
import { Ev, type CallResult, type TraceEvent } from '@cedk/kernel'
import '../../src/index.js' // registers the matchers
import type { Violation } from '../../src/index.js'
import { rerunCommand } from '../../src/spec-api/failure-message.js'

const event = { seq: 12, kind: Ev.MemRead, type: 'mem-read', time: 1.5, tid: 3, a: 0x12000, b: 4, c: 0, d: 0, detail: undefined } as TraceEvent
const violation: Violation = {
  rule: 'CE6-M01',
  mode: 'kernel',
  driver: 'echo.dll',
  entry: 'IOControl',
  message: 'read of 4 bytes at 0x00012000 (origin caller)',
  event,
  stack: ['echo.dll!ECH_IOControl', 'DeviceIoControl', 'app.exe'],
  fix: 'Open it with CeOpenCallerBuffer.',
}
const ok: CallResult = { ok: true, value: 1, lastError: 0, error: 'ERROR_SUCCESS', bytes: 4 }
const failed: CallResult = { ok: false, value: 0, lastError: 87, error: 'ERROR_INVALID_PARAMETER', bytes: 0 }

function failureOf(fn: () => void): string {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected the assertion to fail')
}

describe('on violation arrays', () => {
  test('toHaveNoViolations passes on an empty array and lists rule, event, stack and re-run otherwise', () => {
    expect([]).toHaveNoViolations()
    const msg = failureOf(() => expect([violation]).toHaveNoViolations())
    expect(msg).toContain('expected no violations, found 1')
    expect(msg).toContain('CE6-M01 unmarshalled-embedded-pointer')
    expect(msg).toContain('event    #12 mem-read at 1.5 ms on thread 3')
    expect(msg).toContain('stack    echo.dll!ECH_IOControl')
    expect(msg).toContain('fix      Open it with CeOpenCallerBuffer.')
    expect(msg).toMatch(/re-run this case: CEDK_SEED=\d+ npx vitest run packages\/conformance\/test\/spec-api\/matchers\.test\.ts -t 'on violation arrays toHaveNoViolations/)
  })

  test('toViolate finds the rule; .not refuses it; an unknown rule id is an error', () => {
    expect([violation]).toViolate('CE6-M01')
    expect([violation]).not.toViolate('CE6-M02')
    expect(failureOf(() => expect([violation]).toViolate('CE6-A01'))).toContain('expected a violation of CE6-A01 async-access-without-async-buffer, found only other rules')
    expect(failureOf(() => expect([]).toViolate('CE6-A01'))).toContain('found no violations at all')
    expect(failureOf(() => expect([violation]).not.toViolate('CE6-M01'))).toContain('expected no violation of CE6-M01')
    expect(failureOf(() => expect([violation]).toViolate('CE6-Z99'))).toContain('unknown rule CE6-Z99')
  })

  test('anything but an array of violations is refused with a hint', () => {
    expect(failureOf(() => expect(ok).toHaveNoViolations())).toContain('expected an array of violations')
  })
})

describe('on call results', () => {
  test('toSucceed and toFailWith by code or by name', () => {
    expect(ok).toSucceed()
    expect(failed).not.toSucceed()
    expect(failed).toFailWith(87)
    expect(failed).toFailWith('ERROR_INVALID_PARAMETER')
    expect(failed).not.toFailWith('ERROR_ACCESS_DENIED')
    expect(failureOf(() => expect(failed).toSucceed())).toContain('expected the call to succeed; it failed with ERROR_INVALID_PARAMETER (87)')
    expect(failureOf(() => expect(ok).toFailWith(5))).toContain('expected the call to fail with ERROR_ACCESS_DENIED; it succeeded')
    expect(failureOf(() => expect(42).toSucceed())).toContain('expected a call result')
  })
})

test('the re-run command escapes the name as a regular expression in single quotes', () => {
  expect(rerunCommand({ file: 'spec/a.test.ts', names: ["it's", 'a (b).c'], seed: 3, pinned: false })).toBe(
    `CEDK_SEED=3 npx vitest run spec/a.test.ts -t 'it'\\''s a \\(b\\)\\.c'`,
  )
  expect(rerunCommand({ file: undefined, names: ['x'], seed: 3, pinned: true })).toBe(`npx vitest run <spec file> -t 'x'`)
})
