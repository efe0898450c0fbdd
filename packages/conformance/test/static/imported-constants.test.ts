// Constants imported from a module outside the scanned folder (a board header, a shared harness): read without the
// type checker, for the physical-window (P01), interrupt (P02), GIISR (P03) and protected-registry (P06) rules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { analyze } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'cedk-imported-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

// board/ is never scanned: only drv<n>/ is.
mkdirSync(join(dir, 'board'))
writeFileSync(
  join(dir, 'board', 'soc.ts'),
  `import { SYSINTR_FIRMWARE } from '@cedk/kernel'
export const PERIPH_BASE = 0x90000000
export const UART_BASE = PERIPH_BASE + (1 << 12)
export const UART_SYSINTR = SYSINTR_FIRMWARE + 6
export const DRIVER_KEY = 'Drivers\\\\BuiltIn\\\\Uart'
const PRIVATE_BASE = 0x90000000
export let MOVABLE_BASE = 0x90000000
export { PRIVATE_BASE }
`,
)
writeFileSync(join(dir, 'board', 'index.ts'), `export const PAD_BASE = 0x90001000 | 0x200\n`)

const REG = '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Uart]\n"Dll"="x.dll"\n"Flags"=dword:10\n"MemBase"=dword:90001000\n"MemLen"=dword:100\n"SysIntr"=dword:13\n'

function scan(imports: string, body: string) {
  const folder = join(dir, `drv${n++}`)
  mkdirSync(folder)
  writeFileSync(join(folder, 'driver.ts'), `import { defineDriver, encodeGiisrInfo, HKEY_LOCAL_MACHINE, REG_DWORD } from '@cedk/kernel'\n${imports}\nexport default defineDriver('x.dll', (ctx) => {\n${body}\n})\n`)
  return analyze([folder], { registry: REG }).findings.filter((f) => f.rule.startsWith('CE6-'))
}
const rules = (f: ReturnType<typeof scan>) => f.map((x) => x.rule)
const map = (addr: string) => `return { IOControl: () => {\n  const va = ctx.MmMapIoSpace(${addr}, 4, false)\n  if (va) ctx.MmUnmapIoSpace(va, 4)\n  return !!va\n} }`

describe('CE6-P01 with an imported register base', () => {
  test('an exported constant expression of another exported constant is read across the import', () => {
    expect(rules(scan(`import { UART_BASE } from '../board/soc.js'`, map('UART_BASE + 0x10')))).toEqual([])
    const [f, ...rest] = scan(`import { UART_BASE } from '../board/soc.js'`, map('UART_BASE + 0x200'))
    expect(rest).toEqual([])
    expect(f).toMatchObject({ rule: 'CE6-P01' })
    expect(f!.message).toContain('0x90001200+0x4')
  })

  test('an aliased import, an index module and a base above the window', () => {
    expect(rules(scan(`import { PERIPH_BASE as BASE } from '../board/soc.js'`, map('BASE')))).toEqual(['CE6-P01'])
    expect(rules(scan(`import { PAD_BASE } from '../board'`, map('PAD_BASE')))).toEqual(['CE6-P01'])
  })

  test('what is not an exported const stays unknown: a let, a re-export list, a missing module, a type-only import', () => {
    expect(rules(scan(`import { MOVABLE_BASE } from '../board/soc.js'`, map('MOVABLE_BASE')))).toEqual([])
    expect(rules(scan(`import { PRIVATE_BASE } from '../board/soc.js'`, map('PRIVATE_BASE')))).toEqual([])
    expect(rules(scan(`import { PERIPH_BASE } from '../board/missing.js'`, map('PERIPH_BASE')))).toEqual([])
    expect(rules(scan(`import type { PERIPH_BASE } from '../board/soc.js'`, map('PERIPH_BASE')))).toEqual([])
  })
})

describe('CE6-P06, CE6-P02 and CE6-P03 with imported constants', () => {
  test('a registry write through the driver key imported from a shared module', () => {
    const body = `return { IOControl: () => {
      const { hKey } = ctx.RegOpenKeyEx(HKEY_LOCAL_MACHINE, DRIVER_KEY)
      const err = ctx.RegSetValueEx(hKey, 'Count', { type: REG_DWORD, data: 1 })
      ctx.RegCloseKey(hKey)
      return err === 0
    } }`
    expect(rules(scan(`import { DRIVER_KEY } from '../board/soc.js'`, body))).toEqual(['CE6-P06'])
  })

  test("InterruptDone on a board header's SysIntr, not the key's", () => {
    const body = (s: string) => `let ev = 0\nreturn { Init: () => { ev = ctx.CreateEvent(false, false); return ctx.InterruptInitialize(0x13, ev) ? 1 : 0 }, IOControl: () => { ctx.InterruptDone(${s}); return true } }`
    const p02 = (f: ReturnType<typeof scan>) => f.filter((x) => x.rule === 'CE6-P02')
    const [f, ...rest] = p02(scan(`import { UART_SYSINTR } from '../board/soc.js'`, body('UART_SYSINTR')))
    expect(rest).toEqual([])
    expect(f!.message).toContain('InterruptDone on a SysIntr computed in code (SYSINTR_FIRMWARE + 6)')
    expect(p02(scan(`import { UART_SYSINTR } from '../board/soc.js'`, body('0x13')))).toEqual([])
    // The reflector compares values: a constant equal to the key's SysIntr works; another one does not.
    expect(p02(scan(`const KEY_SYSINTR = 0x10 + 3`, body('KEY_SYSINTR')))).toEqual([])
    expect(p02(scan(`const OLD_SYSINTR = 0x10 + 4`, body('OLD_SYSINTR')))[0]!.message).toContain('on SysIntr 20, not the registry')
  })

  test('GIISR_INFO with a constant physical port; a port in the static mapping, or no port check, passes', () => {
    const body = (port: string, check = 'true') => `return { IOControl: () => {
      const regs = ctx.CreateStaticMapping(0x900010, 0x100)
      const bytes = encodeGiisrInfo({ SysIntr: 0x13, CheckPort: ${check}, PortIsIO: false, UseMaskReg: false, PortAddr: ${port}, PortSize: 4, Mask: 1, MaskAddr: 0 })
      return bytes.length > 0 && regs !== 0
    } }`
    const imp = `import { UART_BASE } from '../board/soc.js'`
    expect(rules(scan(imp, body('UART_BASE + 0x10')))).toEqual(['CE6-P03'])
    expect(rules(scan(imp, body('regs + 0x10')))).toEqual([])
    expect(rules(scan(imp, body('UART_BASE + 0x10', 'false')))).toEqual([])
  })
})
