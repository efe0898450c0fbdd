// The expectations file: parsing, waiving, expiry, unexpected passes.
import { expect, test } from 'vitest'
import { buildReport, checkWaivers, dayOf, parseExpectations, waiverCovers, type Waiver } from '../../src/report/index.js'
import { familyResult } from '../../src/spec-api/family-result.js'
import type { ModeRun } from '../../src/spec-api/scenarios.js'
import { driverCases, runOf, violationRec } from '../helpers/synthetic-run.js'

const waiver: Waiver = { driver: 'legacy.dll', rule: 'CE6-M01', reason: 'port in progress (#12)', expires: '2030-01-31' }
const file = (waivers: unknown[]) => JSON.stringify({ schema: 'cedk-expect/1', waivers })

test('a valid file parses; every problem names the waiver at fault', () => {
  expect(parseExpectations(file([waiver])).waivers).toEqual([waiver])
  expect(parseExpectations(file([{ ...waiver, mode: 'kernel' }])).waivers[0]!.mode).toBe('kernel')
  expect(() => parseExpectations('{')).toThrow(/cedk.expect.json: not JSON/)
  expect(() => parseExpectations('{"waivers":[]}')).toThrow(/"schema": "cedk-expect\/1"/)
  expect(() => parseExpectations(file([{ ...waiver, rule: 'CE6-Q1' }]), 'x.json')).toThrow('x.json: waivers[0]: unknown rule CE6-Q1')
  expect(() => parseExpectations(file([{ ...waiver, expires: '31/01/2030' }]))).toThrow(/waivers\[0\]: "expires" must be a date YYYY-MM-DD/)
  expect(() => parseExpectations(file([waiver, { ...waiver, reason: '' }]))).toThrow(/waivers\[1\]: "reason" must be a non-empty string/)
  expect(() => parseExpectations(file([{ ...waiver, mode: 'user' }]))).toThrow(/"mode" must be one of kernel, udevice/)
})

test('the date comes from the injected clock, in UTC', () => {
  expect(dayOf(new Date('2030-01-31T23:59:59Z'))).toBe('2030-01-31')
})

const run = (violations = [violationRec()]): ModeRun => ({ dll: 'legacy.dll', mode: 'kernel', seed: 1, scenarios: ['s'], violations, failures: [] })
const provided = (waivers: Waiver[], today: string) => ({ file: 'cedk.expect.json', today, expectations: { schema: 'cedk-expect/1' as const, waivers } })

test('a waived violation still shows, as waived; the case passes with verdict waived', () => {
  const r = familyResult(run(), 'marshalling', provided([waiver], '2030-01-31'))
  expect(r.verdict).toBe('waived')
  expect(r.violations[0]!.waiver).toEqual({ reason: 'port in progress (#12)', expires: '2030-01-31' })
})

test('an expired waiver waives nothing: the case fails', () => {
  const r = familyResult(run(), 'marshalling', provided([waiver], '2030-02-01'))
  expect(r.verdict).toBe('violation')
  expect(r.violations[0]!.waiver).toBeUndefined()
})

test('a waiver for the other mode or another driver does not apply', () => {
  expect(familyResult(run(), 'marshalling', provided([{ ...waiver, mode: 'udevice' }], '2030-01-01')).verdict).toBe('violation')
  expect(familyResult(run(), 'marshalling', provided([{ ...waiver, driver: 'x.dll' }], '2030-01-01')).verdict).toBe('violation')
  expect(familyResult(run(), 'marshalling', provided([{ ...waiver, driver: 'LEGACY.DLL' }], '2030-01-01')).verdict).toBe('waived')
})

test('checkWaivers: expired waivers, and unexpected passes only where the rule was checked', () => {
  const cells = [{ dll: 'legacy.dll', mode: 'kernel' as const, family: 'marshalling', rules: ['CE6-M01'] }]
  expect(checkWaivers([waiver], '2030-01-01', cells)).toEqual({ expired: [], unexpectedPasses: [] })
  expect(checkWaivers([waiver], '2031-01-01', cells)).toEqual({ expired: [waiver], unexpectedPasses: [] })
  const gone = { ...waiver, rule: 'CE6-M04' }
  expect(checkWaivers([gone], '2030-01-01', cells).unexpectedPasses).toEqual([gone])
  const elsewhere = { ...waiver, driver: 'other.dll' }
  expect(checkWaivers([elsewhere], '2030-01-01', cells).unexpectedPasses).toEqual([])
})

test('in the report: waived cells pass the run; an expired waiver or an unexpected pass fails it', () => {
  const waived = driverCases('legacy.dll', 'kernel', { marshalling: { verdict: 'waived', violations: [violationRec({ waiver: { reason: 'r', expires: '2030-01-31' } })] } })
  const ok = buildReport(runOf(waived), { seed: 1, expectations: { file: 'cedk.expect.json', waivers: [waiver], today: '2030-01-01' } })
  expect(ok.drivers[0]!.modes.kernel!.families.marshalling).toMatchObject({ verdict: 'waived', waived: 1, violations: 0 })
  expect(ok.expectations).toMatchObject({ file: 'cedk.expect.json', waivers: 1, expired: [], unexpectedPasses: [] })
  expect(ok.ok).toBe(true)
  const clean = buildReport(runOf(driverCases('legacy.dll', 'kernel')), { seed: 1, expectations: { file: 'f', waivers: [waiver], today: '2030-01-01' } })
  expect(clean.expectations.unexpectedPasses).toEqual([waiver])
  expect(clean.ok).toBe(false)
  const expired = buildReport(runOf(waived), { seed: 1, expectations: { file: 'f', waivers: [waiver], today: '2031-01-01' } })
  expect(expired.expectations.expired).toEqual([waiver])
  expect(expired.ok).toBe(false)
  const broken = buildReport(runOf(waived), { seed: 1, expectationsError: { file: 'f', message: 'f: not JSON' } })
  expect(broken.expectations.error).toBe('f: not JSON')
  expect(broken.ok).toBe(false)
})

test('a waiver scoped to a spec file covers only what that spec found: two drivers of one DLL name stay apart', () => {
  const file = parseExpectations(JSON.stringify({ schema: 'cedk-expect/1', waivers: [{ driver: 'legacy.dll', spec: 'examples/legacy-ce5/spec/legacy.conformance.test.ts', rule: 'CE6-M07', reason: 'CE5', expires: '2099-12-31' }] }))
  const w = file.waivers[0]!
  const v = { driver: 'legacy.dll', rule: 'CE6-M07', mode: 'kernel' as const }
  expect(waiverCovers(w, { ...v, spec: '/work/x/examples/legacy-ce5/spec/legacy.conformance.test.ts' })).toBe(true)
  expect(waiverCovers(w, { ...v, spec: 'examples/legacy-ce5/spec/legacy.conformance.test.ts' })).toBe(true)
  expect(waiverCovers(w, { ...v, spec: 'examples/legacy-ce5-ported/spec/legacy-ported.conformance.test.ts' })).toBe(false)
  expect(waiverCovers(w, v)).toBe(false)
  const port = { dll: 'legacy.dll', mode: 'kernel' as const, family: 'marshalling', rules: [], modules: ['examples/legacy-ce5-ported/spec/legacy-ported.conformance.test.ts'] }
  // The port passing is no unexpected pass of the CE5 driver's waiver.
  expect(checkWaivers([w], '2026-01-01', [port]).unexpectedPasses).toEqual([])
  expect(checkWaivers([w], '2026-01-01', [{ ...port, modules: ['examples/legacy-ce5/spec/legacy.conformance.test.ts'] }]).unexpectedPasses).toEqual([w])
  expect(() => parseExpectations(JSON.stringify({ schema: 'cedk-expect/1', waivers: [{ ...w, spec: '' }] }))).toThrow(/waivers\[0\]: "spec" must be a non-empty string/)
})
