// cedk report: every format from a cedk-report.json, --out, --driver, --baseline, and its errors and exit codes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { stringifyReport, type CedkReport } from '../../src/report/index.js'
import { cleanReport, failingReport } from '../helpers/sample-reports.js'
import { cedk, tempDir } from './helpers.js'

function project(report: CedkReport, file = 'cedk-report.json'): string {
  const dir = tempDir()
  writeFileSync(join(dir, file), stringifyReport(report))
  return dir
}

test('the default: the terminal matrix of ./cedk-report.json; exit 0 when it passed, 1 when it failed', async () => {
  const ok = await cedk(project(cleanReport()), 'report')
  expect(ok.code).toBe(0)
  expect(ok.out).toContain('good.dll')
  expect(ok.out).toContain('conformance: ok')
  const failed = await cedk(project(failingReport()), 'report')
  expect(failed.code).toBe(1)
  expect(failed.out).toContain('conformance: FAILED')
})

test('every format renders; --out writes the file and says so on stderr', async () => {
  const dir = project(failingReport())
  expect((await cedk(dir, 'report', '--format', 'markdown')).out).toContain('## ❌ CE6 conformance')
  expect(JSON.parse((await cedk(dir, 'report', '--format', 'endpoint')).out)).toMatchObject({ schemaVersion: 1, message: 'kernel ✗ udevice ~' })
  expect((await cedk(dir, 'report', '--format', 'badge')).out).toMatch(/^<svg[^]*CE6 conformance/)
  expect(JSON.parse((await cedk(dir, 'report', '--format', 'sarif')).out)).toMatchObject({ version: '2.1.0' })
  expect((await cedk(dir, 'report', '--format', 'junit')).out).toContain('<testsuites name="cedk conformance"')
  expect((await cedk(dir, 'report', '--format', 'json')).out).toBe(readFileSync(join(dir, 'cedk-report.json'), 'utf8'))
  const written = await cedk(dir, 'report', '--format', 'sarif', '--out', 'out/cedk.sarif')
  expect(written.err).toBe('wrote out/cedk.sarif')
  expect(JSON.parse(readFileSync(join(dir, 'out/cedk.sarif'), 'utf8')).runs[0].results.length).toBe(4)
})

test('badges: a directory gets the run badge and one per driver; --driver and the rules message', async () => {
  const dir = project(failingReport())
  await cedk(dir, 'report', '--format', 'badge', '--out', '.cedk')
  for (const f of ['badge.svg', 'badge-good.dll.svg', 'badge-legacy.dll.svg']) expect(existsSync(join(dir, '.cedk', f))).toBe(true)
  expect((await cedk(dir, 'report', '--format', 'badge', '--driver', 'GOOD.DLL')).out).toContain('good.dll')
  expect((await cedk(dir, 'report', '--format', 'endpoint', '--badge-message', 'rules')).out).toMatch(/"message": "\d+\/\d+ rules"/)
  const none = await cedk(dir, 'report', '--format', 'badge', '--driver', 'nope.dll')
  expect(none).toMatchObject({ code: 2, err: 'cedk report: no driver nope.dll in the report (drivers: good.dll; legacy.dll)' })
})

test('--baseline: fixed and broken, and the exit code says whether the change broke something', async () => {
  const dir = project(failingReport())
  writeFileSync(join(dir, 'old.json'), stringifyReport(cleanReport()))
  writeFileSync(join(dir, 'fixed.json'), stringifyReport(cleanReport()))
  const worse = await cedk(dir, 'report', '--baseline', 'old.json')
  expect(worse.code).toBe(1)
  expect(worse.out).toMatch(/broken:\n {2}legacy\.dll kernel marshalling: not run → violation/)
  const better = await cedk(dir, 'report', 'fixed.json', '--baseline', 'cedk-report.json', '--format', 'markdown')
  expect(better.code).toBe(0)
  expect(better.out).toContain('#### 💔 Broken (0)')
})

test('a missing, malformed or foreign report is a usage error naming the file', async () => {
  const dir = tempDir()
  expect(await cedk(dir, 'report')).toMatchObject({ code: 2, err: expect.stringContaining('cedk-report.json: no such report') })
  mkdirSync(join(dir, 'x'))
  writeFileSync(join(dir, 'x/bad.json'), '{\n  "schema": "cedk-report/2",\n  oops\n}')
  expect(await cedk(dir, 'report', 'x/bad.json')).toMatchObject({ code: 2, err: expect.stringMatching(/^x\/bad.json: not JSON: .* at line 3, column 3/) })
  writeFileSync(join(dir, 'other.json'), '{"schema":"cedk-expect/1"}')
  expect(await cedk(dir, 'report', 'other.json')).toMatchObject({ code: 2, err: expect.stringContaining('other.json: not a cedk-report/2 report (schema "cedk-expect/1"') })
})
