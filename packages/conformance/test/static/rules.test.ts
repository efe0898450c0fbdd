// The analyzer's rules on small drivers: control flow, provenance through helpers, the registry's say, fingerprints.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { analyze, staticFindingsForReport, type AnalyzeOptions } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'cedk-static-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

function scan(body: string, options: AnalyzeOptions = {}, name = `d${n++}.ts`) {
  const file = join(dir, name)
  writeFileSync(file, `import { defineDriver, offset, ARG_I_PTR, type ParamPtr } from '@cedk/kernel'\nexport default defineDriver('x.dll', (ctx) => {\n${body}\n})\n`)
  return analyze([file], { root: dir, ...options })
}
const rules = (r: ReturnType<typeof scan>) => r.findings.map((f) => f.rule)

const USER_REG = '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\X]\n"Dll"="x.dll"\n"Flags"=dword:10\n"SysIntr"=dword:13\n'
const KERNEL_REG = '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\X]\n"Dll"="x.dll"\n'

describe('CE6-M04 follows the control flow', () => {
  test('a close in finally covers every return; a failed open needs no close', () => {
    const r = scan(`return { IOControl: (_h: number, _c: number, pIn: ParamPtr) => {
      const src = ctx.mem.readU32(pIn)
      const { hr, ptr } = ctx.CeOpenCallerBuffer(src, 4, ARG_I_PTR, false)
      if (hr !== 0) return false
      try {
        if (ctx.mem.readU32(ptr) === 0) return false
        return true
      } finally {
        ctx.CeCloseCallerBuffer(ptr, src, 4, ARG_I_PTR)
      }
    } }`)
    expect(rules(r)).toEqual([])
  })

  test('an early return after the open is a leak on that path, named by its line', () => {
    const r = scan(`return { IOControl: (_h: number, _c: number, pIn: ParamPtr) => {
      const src = ctx.mem.readU32(pIn)
      const b = ctx.CeOpenCallerBuffer(src, 4, ARG_I_PTR, false)
      if (!b.ptr) return false
      if (ctx.mem.readU32(b.ptr) === 0) return false
      ctx.CeCloseCallerBuffer(b.ptr, src, 4, ARG_I_PTR)
      return true
    } }`)
    expect(rules(r)).toEqual(['CE6-M04'])
    expect(r.findings[0]!.message).toContain('returns at line 7')
  })
})

test('CE6-M01 follows an embedded pointer through a same-file helper and locals', () => {
  const r = scan(`const field = (p: ParamPtr) => ctx.mem.readU32(offset(p, 4))
  return { IOControl: (_h: number, _c: number, pIn: ParamPtr) => {
    const raw = field(pIn)
    const p = ctx.unsafePtr(raw + 8)
    return ctx.mem.readU32(p) === 0
  } }`)
  expect(rules(r).sort()).toEqual(['CE6-M01', 'CEDK-S02'])
  expect(r.findings.find((f) => f.rule === 'CE6-M01')!.line).toBe(7)
})

describe('the registry decides', () => {
  const ui = `return { IOControl: () => (ctx.MessageBox(0, 'x', 'y'), false) }`
  test('UI is CE6-U01 (must-fix) for a kernel or unknown key and CE6-U02 (recommended) for a user-mode key', () => {
    expect(scan(ui).findings.map((f) => [f.rule, f.tier])).toEqual([['CE6-U01', 'must-fix']])
    expect(scan(ui, { registry: KERNEL_REG }).findings.map((f) => f.rule)).toEqual(['CE6-U01'])
    expect(scan(ui, { registry: USER_REG }).findings.map((f) => [f.rule, f.tier])).toEqual([['CE6-U02', 'recommended']])
  })

  test('a literal SysIntr other than the registry one is CE6-P02; the registry one passes', () => {
    const body = (v: number) => `let ev = 0\nreturn { Init: () => { ev = ctx.CreateEvent(false, false); return ctx.InterruptInitialize(${v}, ev) ? 1 : 0 }, Deinit: () => ctx.CloseHandle(ev) as boolean }`
    expect(rules(scan(body(20), { registry: USER_REG }))).toContain('CE6-P02')
    expect(rules(scan(body(0x13), { registry: USER_REG }))).not.toContain('CE6-P02')
  })

  test('readiness: blocked by a user-mode blocker, needs porting for must-fix only, ready otherwise', () => {
    expect(scan(`return { IOControl: () => ctx.LockPages(0, 0, 0, 0) }`).readiness[0]!.verdict).toBe('blocked')
    expect(scan(`return { IOControl: (_h: number, _c: number, pIn: ParamPtr) => ctx.MapCallerPtr(pIn, 4) !== 0 }`).readiness[0]!.verdict).toBe('needs-porting')
    expect(scan(`return { IOControl: () => true }`, { registry: USER_REG }).readiness[0]).toMatchObject({ verdict: 'ready', mode: 'user', registryKey: 'Drivers\\BuiltIn\\X' })
  })
})

describe('CE6-P01 compares a constant physical range with the windows of the key', () => {
  // MemBase 0x90000010 (not page-aligned), MemLen 0x100: MmMapIoSpace must stay in [0x90000010, 0x90000110),
  // VirtualCopy/CreateStaticMapping in [0x90000000, 0x90000110) (the base widened down to its page).
  const WINDOW_REG = `${USER_REG}"MemBase"=dword:90000010\n"MemLen"=dword:100\n`
  const map = (call: string, prelude = '') => `${prelude}\nreturn { IOControl: () => {\n  const va = ctx.${call}\n  return !!va\n} }`
  const p01 = (r: ReturnType<typeof scan>) => r.findings.filter((f) => f.rule === 'CE6-P01')

  test('a literal range inside a window passes', () => {
    expect(p01(scan(map('MmMapIoSpace(0x90000020, 4, false)'), { registry: WINDOW_REG }))).toEqual([])
    expect(p01(scan(map('MmMapIoSpace(0x90000010, 0x100, false)'), { registry: WINDOW_REG }))).toEqual([])
  })

  test('a literal range outside every window is reported at its call, with the window it misses', () => {
    const [f, ...rest] = p01(scan(map('MmMapIoSpace(0x90000200, 4, false)'), { registry: WINDOW_REG }, 'outside.ts'))
    expect(rest).toEqual([])
    expect(f).toMatchObject({ rule: 'CE6-P01', tier: 'blocks-user-mode', file: 'outside.ts', line: 5 })
    expect(f!.message).toContain('0x90000200+0x4 is not inside one window of Drivers\\BuiltIn\\X (0x90000010+0x100)')
    expect(f!.message).toContain('DDKReg_GetWindowInfo')
  })

  test('a range straddling the end of a window, or MmMapIoSpace below an unaligned base, is reported', () => {
    expect(p01(scan(map('MmMapIoSpace(0x9000010e, 4, false)'), { registry: WINDOW_REG }))).toHaveLength(1)
    expect(p01(scan(map('MmMapIoSpace(0x90000000, 4, false)'), { registry: WINDOW_REG }))).toHaveLength(1)
  })

  test('VirtualCopy(PAGE_PHYSICAL) and CreateStaticMapping take the address >> 8 and widen the base to its page', () => {
    const copy = (size: string) => map(`VirtualCopy(0x10000, 0x900000, ${size}, PAGE_READWRITE | PAGE_PHYSICAL)`)
    expect(p01(scan(copy('0x110'), { registry: WINDOW_REG }))).toEqual([])
    expect(p01(scan(copy('0x1000'), { registry: WINDOW_REG }))).toHaveLength(1)
    expect(p01(scan(map('CreateStaticMapping(0x90000000 >>> 8, 0x110)'), { registry: WINDOW_REG }))).toEqual([])
    expect(p01(scan(map('CreateStaticMapping(0x90001000 >>> 8, 0x100)'), { registry: WINDOW_REG }))).toHaveLength(1)
    expect(p01(scan(map('VirtualCopy(0x10000, 0x900010, 0x100, PAGE_READWRITE)'), { registry: WINDOW_REG }))).toEqual([])
  })

  test('an address bound by a const expression is resolved; a name bound twice in the file is not', () => {
    const consts = (off: string) => `const REGS = 0x90000010\nconst STATUS = REGS + ${off}\nconst STATUS_LEN = 4`
    expect(p01(scan(map('MmMapIoSpace(STATUS, STATUS_LEN, false)', consts('0x200')), { registry: WINDOW_REG }))).toHaveLength(1)
    expect(p01(scan(map('MmMapIoSpace(STATUS, STATUS_LEN, false)', consts('0x20')), { registry: WINDOW_REG }))).toEqual([])
    const shadowed = `const phys = 0x90000200\nconst other = (phys: number) => ctx.MmMapIoSpace(phys, 4, false)`
    expect(p01(scan(map('MmMapIoSpace(0x90000020, 4, false)', shadowed), { registry: WINDOW_REG }))).toEqual([])
  })

  test('an address read with DDKReg_GetWindowInfo is left to run time', () => {
    const body = `return { Init: (pContext: string) => {
      const hKey = ctx.OpenDeviceKey(pContext)
      const win = ctx.DDKReg_GetWindowInfo(hKey).mem[0]!
      const base = win.base
      return ctx.MmMapIoSpace(base, win.length, false) ? 1 : 0
    } }`
    expect(p01(scan(body, { registry: WINDOW_REG }))).toEqual([])
    expect(p01(scan(body, { registry: USER_REG }))).toEqual([])
    expect(p01(scan(body))).toEqual([])
  })

  test('a hard-coded address is reported when the key declares no window, or no key is given', () => {
    const noWindow = p01(scan(map('MmMapIoSpace(0x90000020, 4, false)'), { registry: USER_REG }))
    expect(noWindow.map((f) => f.tier)).toEqual(['blocks-user-mode'])
    expect(noWindow[0]!.message).toContain('declares no IoBase/IoLen or MemBase/MemLen window')
    const noKey = p01(scan(map('MmMapIoSpace(0x90000020, 4, false)')))
    expect(noKey.map((f) => f.tier)).toEqual(['blocks-user-mode'])
    expect(noKey[0]!.message).toContain('no registry key was given')
  })
})

test('fingerprints survive lines inserted above a finding, and findings map to the report shape', () => {
  const a = scan(`return { IOControl: (_h: number, _c: number, pIn: ParamPtr) => ctx.MapCallerPtr(pIn, 4) !== 0 }`, {}, 'same.ts')
  const b = scan(`// a comment\n// another\nreturn { IOControl: (_h: number, _c: number, pIn: ParamPtr) => ctx.MapCallerPtr(pIn, 4) !== 0 }`, {}, 'same.ts')
  expect(b.findings[0]!.line).toBe(a.findings[0]!.line + 2)
  expect(b.findings[0]!.fingerprint).toBe(a.findings[0]!.fingerprint)
  expect(staticFindingsForReport(a.findings)).toEqual([{ rule: 'CE6-M07', file: 'same.ts', line: 3, column: 64, message: a.findings[0]!.message }])
})
