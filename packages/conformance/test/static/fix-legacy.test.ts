// --fix on examples/legacy-ce5 (issue 6, item 5): run the fixer on a copy, check the diff, and run the rewritten
// driver on the machine with the runtime verifier: the rules the rewrites address no longer fire, and the ones they
// leave to people (UI, the interrupt set-up) still do.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import type { DriverModule } from '@cedk/kernel'
import { analyze, applyPatches, formatHuman } from '../../src/index.js'
import { runLegacy } from '../../../../examples/legacy-ce5/spec/run-legacy.js'

const REPO = fileURLToPath(new URL('../../../../', import.meta.url))
const LEGACY = join(REPO, 'examples/legacy-ce5')
// Inside the repository, so the copy resolves @cedk/kernel like the original.
const dir = mkdtempSync(join(REPO, '.tmp-static-fix-'))
cpSync(join(LEGACY, 'src'), join(dir, 'src'), { recursive: true })
const REG = readFileSync(join(LEGACY, 'legacy.reg'), 'utf8')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Rules the rewrites address: the CE5 mapping and permission APIs, and what they hid. */
const ADDRESSED = ['CE6-M07', 'CE6-M01', 'CE6-A05', 'CE6-A01']
/** Rules a rewrite must never introduce. */
const NOT_INTRODUCED = ['CE6-M04', 'CE6-A02', 'CE6-A03', 'CE6-M06']

describe('--fix on examples/legacy-ce5', () => {
  const before = analyze([join(dir, 'src')], { registry: REG, fix: true, root: dir })

  test('marks exactly the findings it can rewrite as fixable', () => {
    const fixable = before.findings.filter((f) => f.fixable).map((f) => `${f.rule}@${f.line}`)
    const rules = new Set(before.findings.filter((f) => f.fixable).map((f) => f.rule))
    expect([...rules].sort()).toEqual(['CE6-A01', 'CE6-A05', 'CE6-M01', 'CE6-M07'])
    expect(before.findings.filter((f) => !f.fixable).map((f) => f.rule).sort()).toEqual(['CE6-P02', 'CE6-P04', 'CE6-U01'])
    expect(fixable.length).toBe(8)
  })

  test('the patch opens the embedded pointer with a close on every path, and turns the bracket into an async buffer', () => {
    expect(before.patches).toHaveLength(1)
    const diff = before.patches[0]!.diff
    expect(diff).toContain('--- a/src/legacy.ts')
    expect(diff).toContain('-      const text = ctx.MapCallerPtr(ctx.mem.readU32(pIn), cb)')
    expect(diff).toContain('+      const { hr: textHr, ptr: text } = ctx.CeOpenCallerBuffer(textSrc, cb, ARG_O_PTR, false)')
    expect(diff).toMatch(/\+ {6}} finally {\n\+ {8}ctx\.CeCloseCallerBuffer\(text, textSrc, cb, ARG_O_PTR\)/)
    expect(diff).toContain('+      const { hr: pOutAsyncHr, ptr: pOutAsync } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)')
    expect(diff).toContain('+          ctx.CeFreeAsynchronousBuffer(pOutAsync, pOut, nOut, ARG_O_PTR)')
    for (const gone of ['SetKMode', 'SetProcPermissions', 'GetCurrentPermissions']) expect(before.patches[0]!.after).not.toContain(`ctx.${gone}(`)
    expect(formatHuman(before, { mode: 'patch' })).toBe(diff)
  })

  test('after --fix the analyzer finds only what needs a person', () => {
    applyPatches(before.patches)
    const after = analyze([join(dir, 'src')], { registry: REG, root: dir })
    const rules = after.findings.map((f) => f.rule).sort()
    expect(rules.filter((r) => ADDRESSED.includes(r) || NOT_INTRODUCED.includes(r))).toEqual([])
    // The asynchronous buffer of a parameter keeps the driver in the kernel: reported, not rewritten away.
    expect(rules).toEqual(['CE6-A06', 'CE6-P02', 'CE6-P04', 'CE6-U01'])
  })

  test('the rewritten driver passes the addressed rules at run time, and still works', async () => {
    const original = (await import(pathToFileURL(join(LEGACY, 'src/legacy.ts')).href)) as { default: DriverModule }
    const rewritten = (await import(pathToFileURL(join(dir, 'src/legacy.ts')).href)) as { default: DriverModule }
    const was = await runLegacy(original.default, REG, 'kernel')
    const now = await runLegacy(rewritten.default, REG, 'kernel')
    const ruleSet = (r: typeof was) => new Set(r.violations.map((v) => v.rule))
    for (const id of ['CE6-M07', 'CE6-A05', 'CE6-A01']) expect(ruleSet(was), `the original breaks ${id}`).toContain(id)
    for (const id of [...ADDRESSED, ...NOT_INTRODUCED]) expect(ruleSet(now), `the rewrite keeps ${id}`).not.toContain(id)
    expect(ruleSet(now)).toContain('CE6-U01')
    expect(now.info).toEqual(was.info)
    expect(now.async).toEqual({ ok: true, bytes: new Array(16).fill(0x5a) })
  })
})
