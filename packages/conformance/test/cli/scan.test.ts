// cedk scan: the static analyzer on a driver tree, registry files checked by the kernel's parser first, findings
// added to a report for SARIF; --mode patch and --fix on a copy of examples/legacy-ce5.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
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
  expect(report.byRule['CE6-M07']).toMatchObject({ runtime: 0, files: ['src/legacy.ts'] })
  expect(report.byRule['CE6-M07'].static).toBeGreaterThan(0)
  const sarif = JSON.parse((await cedk(dir, 'report', '--format', 'sarif')).out)
  const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'CE6-M07')
  expect(result.properties.detection).toBe('static')
  expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('src/legacy.ts')
}, 20_000)

/** A temp copy of examples/legacy-ce5's sources and registry file. */
function legacyCopy(): string {
  const dir = tempDir()
  const from = fileURLToPath(new URL('../../../../examples/legacy-ce5/', import.meta.url))
  cpSync(join(from, 'src'), join(dir, 'src'), { recursive: true })
  cpSync(join(from, 'legacy.reg'), join(dir, 'legacy.reg'))
  return dir
}

const source = (dir: string) => readFileSync(join(dir, 'src/legacy.ts'), 'utf8')

test('--mode patch prints the diff of the safe rewrites and writes nothing', async () => {
  const dir = legacyCopy()
  const before = source(dir)
  const r = await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg', '--mode', 'patch')
  expect(r.code).toBe(1) // the must-fix findings are still there
  expect(r.out).toMatch(/^--- a\/src\/legacy\.ts\n\+\+\+ b\/src\/legacy\.ts\n@@ /)
  expect(r.out).toMatch(/^-.*ctx\.MapCallerPtr\(/m)
  expect(r.out).toMatch(/^\+.*ctx\.CeOpenCallerBuffer\(/m)
  expect(source(dir)).toBe(before)
  const json = JSON.parse((await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg', '--mode', 'patch', '--format', 'json')).out)
  expect(json.patches).toEqual([{ file: 'src/legacy.ts', diff: r.out }])
}, 30_000)

test('--fix rewrites in place what is provably safe, prints that diff and what it fixed, and leaves the rest', async () => {
  const dir = legacyCopy()
  const patch = (await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg', '--mode', 'patch')).out
  const r = await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg', '--fix')
  expect(r.out).toBe(patch)
  expect(r.err).toMatch(/^fixed src\/legacy\.ts: .*CE6-M07 at \d+:\d+/m)
  expect(r.err).toMatch(/cedk scan --fix: rewrote 1 file; \d+ findings? left \(\d+ must-fix\) for a person/)
  expect(source(dir)).toContain('CeOpenCallerBuffer(')
  expect(source(dir)).not.toContain('MapCallerPtr(')

  // What is left is what a new scan finds: no CE5 mapping call, the UI and interrupt findings for a person.
  const again = await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg', '--format', 'json')
  const rules = (JSON.parse(again.out).findings as { rule: string }[]).map((f) => f.rule)
  expect(rules).not.toContain('CE6-M07')
  expect(rules).toContain('CE6-U01')
  expect(r.code).toBe(again.code)

  // A second --fix has nothing left to rewrite and changes nothing.
  const fixed = source(dir)
  const twice = await cedk(dir, 'scan', 'src', '--registry', 'legacy.reg', '--fix')
  expect(twice.out.trim()).toBe('No safe rewrite applies.')
  expect(twice.err).toContain('no safe rewrite applies; nothing changed')
  expect(source(dir)).toBe(fixed)
}, 30_000)

test('--fix refuses SARIF output and another mode', async () => {
  const dir = legacyCopy()
  expect(await cedk(dir, 'scan', 'src', '--fix', '--format', 'sarif')).toMatchObject({ code: 2, err: expect.stringContaining('not sarif') })
  expect(await cedk(dir, 'scan', 'src', '--fix', '--mode', 'context')).toMatchObject({ code: 2, err: expect.stringContaining('drop --mode') })
  expect(source(dir)).toBe(readFileSync(fileURLToPath(new URL('../../../../examples/legacy-ce5/src/legacy.ts', import.meta.url)), 'utf8'))
})

test('examples/ui-helper: the CeCallUserProc helper DLL is user-mode code, so the scan is clean (exit 0)', async () => {
  const repo = fileURLToPath(new URL('../../../../', import.meta.url))
  const r = await cedk(repo, 'scan', 'examples/ui-helper/src', '--registry', 'examples/ui-helper/battmon.reg')
  expect(r.code).toBe(0)
  expect(r.out).not.toContain('CE6-U01')
  expect(r.out).toContain('battui.dll (examples/ui-helper/src/battui.ts): ready')
}, 20_000)
