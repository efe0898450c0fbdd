// CedkReporter against a stand-in for vitest: what it provides to the workers, what it prints and writes, and when
// it fails the run. Plus the determinism of the whole path: real scenario runs, same seed, same bytes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import type { TestModule, Vitest } from 'vitest/node'
import { FAMILIES } from '../../src/index.js'
import { CedkReporter, buildReport, collectRun, stringifyReport, type CaseInput } from '../../src/report/index.js'
import { familyResult } from '../../src/spec-api/family-result.js'
import { runScenarios } from '../../src/spec-api/scenarios.js'
import { echo, echoOptions } from '../helpers/echo-driver.js'
import { driverCases } from '../helpers/synthetic-run.js'

function fakeVitest(root: string) {
  const provided: Record<string, unknown> = {}
  const logged: string[] = []
  const vitest = { config: { root }, provide: (k: string, v: unknown) => (provided[k] = v), logger: { log: (s: string) => logged.push(s) } }
  return { vitest: vitest as unknown as Vitest, provided, logged }
}

/** A TestModule as the reporter reads it, from synthetic cases. */
function fakeModule(cases: CaseInput[]): TestModule {
  const tests = cases.map((c) => ({ fullName: c.names.join(' > '), result: () => ({ state: c.state }), meta: () => ({ cedk: c.meta }) }))
  const suite = { fullName: cases[0]!.names[0], meta: () => ({ cedkPlan: { dll: 'good.dll', mode: 'kernel', cases: FAMILIES.length } }), children: { tests: () => tests.values() } }
  return { relativeModuleId: cases[0]!.module, project: { config: { root: '/work' } }, errors: () => [], children: { allTests: () => tests.values(), allSuites: () => [suite].values() } } as unknown as TestModule
}

const savedExitCode = process.exitCode
afterEach(() => {
  process.exitCode = savedExitCode
})

test('onInit provides the seed and the expectations with the injected date', () => {
  const root = mkdtempSync(join(tmpdir(), 'cedk-'))
  writeFileSync(join(root, 'cedk.expect.json'), JSON.stringify({ schema: 'cedk-expect/1', waivers: [{ driver: 'a.dll', rule: 'CE6-M01', reason: 'r', expires: '2030-01-01' }] }))
  const { vitest, provided } = fakeVitest(root)
  new CedkReporter({ seed: 42, envSeed: false, now: () => new Date('2029-06-01T12:00:00Z') }).onInit(vitest)
  expect(provided['cedk:seed']).toBe(42)
  expect(provided['cedk:expectations']).toMatchObject({ file: 'cedk.expect.json', today: '2029-06-01', expectations: { waivers: [{ driver: 'a.dll' }] } })
})

test('CEDK_SEED wins over the seed a config gives the reporter (a replay must get its seed), not over envSeed: false', () => {
  const seedOf = (options: ConstructorParameters<typeof CedkReporter>[0]): unknown => {
    const { vitest, provided } = fakeVitest(mkdtempSync(join(tmpdir(), 'cedk-')))
    new CedkReporter(options).onInit(vitest)
    return provided['cedk:seed']
  }
  vi.stubEnv('CEDK_SEED', '7')
  try {
    expect(seedOf({ seed: 1 })).toBe(7)
    expect(seedOf({})).toBe(7)
    expect(seedOf({ seed: 3, envSeed: false })).toBe(3)
    vi.stubEnv('CEDK_SEED', '')
    expect(seedOf({ seed: 1 })).toBe(1)
    expect(seedOf({})).toBe(1)
    vi.stubEnv('CEDK_SEED', 'seven')
    expect(() => seedOf({ seed: 1 })).toThrow('CEDK_SEED must be an integer, got "seven"')
  } finally {
    vi.unstubAllEnvs()
  }
})

test('after the run: the matrix is printed, cedk-report.json written, and a clean run leaves the exit code alone', () => {
  const root = mkdtempSync(join(tmpdir(), 'cedk-'))
  const { vitest, logged } = fakeVitest(root)
  const reporter = new CedkReporter({ seed: 1 })
  reporter.onInit(vitest)
  process.exitCode = undefined
  reporter.onTestRunEnd([fakeModule(driverCases('good.dll', 'kernel'))], [])
  expect(logged[0]).toContain('good.dll')
  expect(logged[1]).toBe('wrote cedk-report.json')
  const written = readFileSync(join(root, 'cedk-report.json'), 'utf8')
  expect(written).toBe(stringifyReport(reporter.report!))
  expect(JSON.parse(written)).toMatchObject({ schema: 'cedk-report/2', ok: true, plan: { planned: 6, run: 6 } })
  expect(process.exitCode).toBeUndefined()
})

test('a broken expectations file or a failed plan fails the run through the exit code', () => {
  const root = mkdtempSync(join(tmpdir(), 'cedk-'))
  writeFileSync(join(root, 'my.expect.json'), '{ nope')
  const { vitest, provided, logged } = fakeVitest(root)
  const reporter = new CedkReporter({ expectations: 'my.expect.json', outputFile: false })
  reporter.onInit(vitest)
  expect(provided['cedk:expectations']).toBeUndefined()
  process.exitCode = undefined
  reporter.onTestRunEnd([fakeModule(driverCases('good.dll', 'kernel'))], [])
  expect(reporter.report!.expectations.error).toMatch(/my.expect.json: not JSON/)
  expect(logged.join('\n')).toContain('conformance: FAILED')
  expect(process.exitCode).toBe(1)
})

test('collectRun reads cases, planned suites and module errors from vitest modules', () => {
  const run = collectRun([fakeModule(driverCases('good.dll', 'kernel'))], [{ message: 'boom' }])
  expect(run.cases).toHaveLength(6)
  expect(run.suites).toEqual([{ module: 'examples/good/spec/x.conformance.test.ts', names: ['conformance of good.dll in kernel mode'], plan: { dll: 'good.dll', mode: 'kernel', cases: 6 }, registered: 6 }])
  expect(run.errors).toEqual([{ module: '(outside the tests)', message: 'boom' }])
})

async function realReport(seed: number): Promise<string> {
  const cases: CaseInput[] = []
  for (const mode of ['kernel', 'udevice'] as const) {
    const run = await runScenarios(echo, echoOptions(), mode, seed)
    for (const f of FAMILIES) {
      cases.push({ names: [`conformance of echo.dll in ${mode} mode`, f.id], module: 'm', state: 'passed', meta: { kind: 'family', dll: 'echo.dll', mode, family: f.id, result: familyResult(run, f.id, undefined) } })
    }
  }
  return stringifyReport(buildReport({ cases, suites: [], errors: [] }, { seed }))
}

test('determinism: the same seed gives a byte-identical cedk-report.json from real runs', async () => {
  const [a, b] = [await realReport(7), await realReport(7)]
  expect(b).toBe(a)
  expect(JSON.parse(a).drivers[0].modes.kernel.scenarios).toHaveLength(6)
})
