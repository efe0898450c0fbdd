// cedk scan: the static analyzer on a driver tree, registry files checked by the kernel's parser first, findings
// added to a report for SARIF.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { stringifyReport } from '../../src/report/index.js'
import { cleanReport } from '../helpers/sample-reports.js'
import { cedk, tempDir } from './helpers.js'

const LEGACY = `import { defineDriver, type ParamPtr } from '@cedk/kernel'

export default defineDriver('legacy.dll', (ctx) => ({
  Init: () => 1,
  IOControl(_h: number, _code: number, pIn: ParamPtr) {
    const p = ctx.MapCallerPtr(ctx.mem.readU32(pIn), 4)
    return ctx.mem.readU32(p) === 0
  },
}))
`

function tree(): string {
  const dir = tempDir()
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'src/legacy.ts'), LEGACY)
  writeFileSync(join(dir, 'legacy.reg'), '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Legacy]\n"Dll"="legacy.dll"\n"Prefix"="LEG"\n')
  return dir
}

test('finds the CE5 mapping call, with file:line, and a must-fix finding is exit 1', async () => {
  const dir = tree()
  const r = await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg')
  expect(r.code).toBe(1)
  expect(r.out).toMatch(/src\/legacy.ts:6:\d+/)
  expect(r.out).toContain('CE6-M07')
  const sarif = await cedk(dir, 'scan', 'src', '--format', 'sarif')
  expect(JSON.parse(sarif.out)).toMatchObject({ version: '2.1.0' })
}, 20_000)

test('a malformed registry file stops the scan with its file, line and column (exit 2)', async () => {
  const dir = tree()
  writeFileSync(join(dir, 'bad.reg'), '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Legacy]\n"Dll"="legacy.dll"\n"Irq"=dword:\n')
  const r = await cedk(dir, 'scan', 'src', '--registry', 'bad.reg')
  expect(r.code).toBe(2)
  expect(r.err).toMatch(/^cedk scan: malformed registry file bad.reg:3:13: expected /)
  expect(await cedk(dir, 'scan', 'nope')).toMatchObject({ code: 2, err: 'cedk scan: nope: no such file or directory' })
  expect(await cedk(dir, 'scan')).toMatchObject({ code: 2, err: expect.stringContaining('which directory?') })
})

test('--into-report puts the findings in cedk-report.json, and its SARIF carries them beside the runtime ones', async () => {
  const dir = tree()
  writeFileSync(join(dir, 'cedk-report.json'), stringifyReport(cleanReport()))
  await cedk(dir, 'scan', 'src', '--into-report', 'cedk-report.json', '--format', 'json', '--out', 'static.json')
  const report = JSON.parse(readFileSync(join(dir, 'cedk-report.json'), 'utf8'))
  expect(report.static.findings).toContainEqual(expect.objectContaining({ rule: 'CE6-M07', file: 'src/legacy.ts', line: 6 }))
  const sarif = JSON.parse((await cedk(dir, 'report', '--format', 'sarif')).out)
  const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'CE6-M07')
  expect(result.properties.detection).toBe('static')
  expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('src/legacy.ts')
}, 20_000)
