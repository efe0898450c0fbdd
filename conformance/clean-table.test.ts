// The clean corpus table: rows from what a spec file's tests did (not from the file list), rendered, spliced into the
// doc, and a stale doc failing the run.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestModule, Vitest } from 'vitest/node'
import { expect, test, vi } from 'vitest'
import { BEGIN, CleanCorpusTable, END, renderTable, rowOf, spliceTable, uncheckable, type CaseResult } from './clean-table.js'

const FAMILIES = ['marshalling', 'async-buffers', 'callbacks', 'privileges', 'ui', 'robustness'] as const
const header = '// clean: a test device; exercises: embedded pointers in, both modes'

function family(mode: 'kernel' | 'udevice', f: string, state: CaseResult['state'] = 'passed', violations: object[] = []): CaseResult {
  return { names: [`conformance of x.dll in ${mode} mode`, f], state, meta: { kind: 'family', dll: 'x.dll', mode, family: f as 'ui', result: { seed: 1, verdict: 'pass', violations: violations as never, failures: [], scenarios: [] } } }
}
const suite = (mode: 'kernel' | 'udevice') => FAMILIES.map((f) => family(mode, f))
const property = (name: string, state: CaseResult['state'] = 'passed'): CaseResult => ({ names: ['properties of x.dll', name], state, meta: undefined })
const r07 = { rule: 'CE6-R07', severity: 'error' }

test('a row counts what ran: generated suites, property tests, describeDriver tests, findings and failed tests', () => {
  const equivalence = property('equivalence: kernel and udevice give the same results', 'failed')
  equivalence.meta = { kind: 'property', dll: 'x.dll', mode: 'kernel', alsoIn: 'udevice', property: 'equivalence', result: { violations: [r07 as never], failures: [] } }
  const cases = [...suite('kernel'), ...suite('udevice'), ...suite('kernel'), ...suite('udevice'), property('no-crash in kernel mode'), equivalence]
  cases[5] = family('kernel', 'robustness', 'failed', [{ rule: 'CE6-R04', severity: 'error' }, r07, { rule: 'CE6-U02', severity: 'warning' }])
  cases.push({ names: ['x.dll in kernel mode', 'reads'], state: 'passed', meta: { kind: 'test', dll: 'x.dll', mode: 'kernel', result: { violations: [{ rule: 'CE6-M07', severity: 'error', expected: true } as never] } } })
  const row = rowOf({ name: 'x', header, cases })
  expect(row).toMatchObject({ name: 'x', purpose: 'a test device', exercises: 'embedded pointers in, both modes', modes: ['kernel', 'udevice'], cases: 27, violations: 1, divergences: 2, failures: 2 })
  expect(row.suites).toBe('conformance() ×2, properties (2), describeDriver (1)')
  expect(row.failed).toEqual(['robustness (kernel)', 'equivalence'])
  expect(renderTable([row])).toContain('| `x` | a test device | embedded pointers in, both modes | kernel, udevice | conformance() ×2, properties (2), describeDriver (1) | 27 | 1 | 2 | 2: robustness (kernel); equivalence |')
  expect(renderTable([row, rowOf({ name: 'y', header, cases: suite('kernel') })])).toContain('1 of 2 drivers clean')
  expect(rowOf({ name: 'z', header: '// z.dll', cases: [] }).purpose).toMatch(/no "\/\/ clean: …; exercises: …" header/)
})

test('the table goes between the markers; a doc without them is an error', () => {
  const doc = `# x\n\n${BEGIN}\nold\n${END}\nafter\n`
  expect(spliceTable(doc, 'new')).toBe(`# x\n\n${BEGIN}\nnew\n${END}\nafter\n`)
  expect(() => spliceTable('# x\n', 'new')).toThrow(/no table markers/)
})

test('runs that are not the default full run are not judged', () => {
  expect(uncheckable({}, false)).toBeNull()
  expect(uncheckable({ CEDK_RUNS: '200' }, false)).toMatch(/CEDK_RUNS/)
  expect(uncheckable({ CEDK_SEED: '7' }, false)).toMatch(/CEDK_SEED/)
  expect(uncheckable({}, true)).toMatch(/filtered/)
})

/** A vitest module as the reporter sees it. */
function moduleOf(id: string, cases: CaseResult[]): TestModule {
  const tests = cases.map((c) => ({ fullName: c.names.join(' > '), result: () => ({ state: c.state }), meta: () => (c.meta ? { cedk: c.meta } : {}) }))
  return { relativeModuleId: id, children: { allTests: () => tests.values() } } as unknown as TestModule
}

test('the reporter: a stale doc fails the run with the table this run gives; a fresh one passes; write mode fixes it', () => {
  vi.stubEnv('CEDK_RUNS', '') // a nightly run's depth would make the reporter judge nothing
  vi.stubEnv('CEDK_SEED', '')
  const root = mkdtempSync(join(tmpdir(), 'clean-table-'))
  mkdirSync(join(root, 'docs'))
  mkdirSync(join(root, 'conformance/clean/x'), { recursive: true })
  writeFileSync(join(root, 'conformance/clean/x/x.ts'), `${header}\n`)
  writeFileSync(join(root, 'docs/conformance.md'), `# c\n${BEGIN}\n| stale |\n${END}\n`)
  const spec = 'conformance/clean/x/x.clean.test.ts'
  const modules = [moduleOf(spec, [...suite('kernel'), property('no-crash in kernel mode', 'failed')])]
  const vitest = { config: { root }, logger: { log: () => {} } } as unknown as Vitest
  const run = (mode: 'check' | 'write') => {
    const printed: string[] = []
    const r = new CleanCorpusTable({ mode, expected: () => [spec], print: (s) => printed.push(s) })
    r.onInit(vitest)
    const before = process.exitCode
    r.onTestRunEnd(modules)
    const exit = process.exitCode
    process.exitCode = before
    return { outcome: r.outcome, printed: printed.join('\n'), exit }
  }
  const stale = run('check')
  expect(stale).toMatchObject({ outcome: 'stale', exit: 1 })
  expect(stale.printed).toContain('| `x` | a test device |')
  expect(stale.printed).toContain('1: no-crash in kernel mode')
  expect(run('write').outcome).toBe('written')
  expect(readFileSync(join(root, 'docs/conformance.md'), 'utf8')).toContain('0 of 1 drivers clean')
  expect(run('check')).toMatchObject({ outcome: 'fresh' })
  // A run that left out a driver of the corpus judges nothing.
  const partial = new CleanCorpusTable({ mode: 'check', expected: () => [spec, 'conformance/clean/y/y.clean.test.ts'], print: () => {} })
  partial.onInit(vitest)
  partial.onTestRunEnd(modules)
  expect(partial.outcome).toBe('skipped')
  vi.unstubAllEnvs()
})
