// The registry seen from drivers (kernel mode) and from user processes: driver keys are the kernel's alone.
import { describe, expect, test } from 'vitest'
import {
  ERROR_ACCESS_DENIED,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_DATA,
  HKEY_LOCAL_MACHINE,
  REG_DWORD,
  REG_MULTI_SZ,
  REG_SZ,
  createMachine,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

describe('registry protection', () => {
  test('a user process cannot write HKLM\\Drivers or HKLM\\Services, even trusted; other keys it may', async () => {
    const m = machineWith([], '[HKEY_LOCAL_MACHINE\\Software\\App]\n"x"=dword:1\n[HKEY_LOCAL_MACHINE\\Services\\Svc]\n')
    const app = m.createProcess('app.exe', { trusted: true })
    const v = { type: REG_DWORD, data: 5 } as const
    expect(await app.RegSetValueEx('HKLM\\Drivers\\ProcGroup_0003', 'ProcName', { type: REG_SZ, data: 'evil.exe' })).toMatchObject({ ok: false, value: ERROR_ACCESS_DENIED })
    expect(await app.RegSetValueEx('HKLM\\Services\\Svc', 'x', v)).toMatchObject({ ok: false, value: ERROR_ACCESS_DENIED })
    expect(await app.RegSetValueEx('HKLM\\Software\\App', 'x', v)).toMatchObject({ ok: true, value: 0 })
    expect(await app.RegSetValueEx('HKLM\\Software\\Nope', 'x', v)).toMatchObject({ ok: false, value: ERROR_FILE_NOT_FOUND })
    expect((await app.RegQueryValueEx('HKLM\\Drivers\\ProcGroup_0003', 'ProcName')).data).toEqual({ type: REG_SZ, data: 'udevice.exe' })
  })

  test('a kernel-mode driver may write its own device key', async () => {
    let err = -1
    const drv = recorder('a.dll', (ctx) => ({
      Init: (pContext) => {
        const h = ctx.OpenDeviceKey(pContext)
        err = ctx.RegSetValueEx(h, 'Learned', { type: REG_DWORD, data: 9 })
        ctx.RegCloseKey(h)
        return 1
      },
    }))
    const m = machineWith([drv], driverKey('A', { Dll: 'a.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(err).toBe(0)
    expect(m.registry.openKey('HKLM\\Drivers\\BuiltIn\\A')!.getDword('Learned')).toBe(9)
  })
})

describe('driver registry API', () => {
  test('RegOpenKeyEx from HKEY_LOCAL_MACHINE, RegCreateKeyEx, RegQueryValueEx, RegDeleteValue, RegCloseKey', async () => {
    const out: unknown[] = []
    const drv = recorder('a.dll', (ctx) => ({
      Init: () => {
        const missing = ctx.RegOpenKeyEx(HKEY_LOCAL_MACHINE, 'Software\\Nothing')
        const created = ctx.RegCreateKeyEx(HKEY_LOCAL_MACHINE, 'Software\\Made')
        ctx.RegSetValueEx(created.hKey, 'list', { type: REG_MULTI_SZ, data: ['a', 'b'] })
        out.push(missing.error, created.error, ctx.RegQueryValueEx(created.hKey, 'list').value, ctx.RegDeleteValue(created.hKey, 'list'))
        out.push(ctx.RegQueryValueEx(created.hKey, 'list').error, ctx.RegCloseKey(created.hKey), ctx.RegCloseKey(created.hKey))
        return 1
      },
    }))
    const m = machineWith([drv], driverKey('A', { Dll: 'a.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(out).toEqual([ERROR_FILE_NOT_FOUND, 0, { type: REG_MULTI_SZ, data: ['a', 'b'] }, 0, ERROR_FILE_NOT_FOUND, 0, 6])
  })

  test('DDKReg_GetWindowInfo and DDKReg_GetIsrInfo read IoBase/IoLen (DWORD or hex multi-strings) and the ISR values', async () => {
    const seen: unknown[] = []
    const drv = recorder('a.dll', (ctx) => ({
      Init: (pContext) => {
        const h = ctx.OpenDeviceKey(pContext)
        seen.push(ctx.DDKReg_GetWindowInfo(h), ctx.DDKReg_GetIsrInfo(h))
        ctx.RegCloseKey(h)
        return 1
      },
    }))
    const reg =
      driverKey('A', { Dll: 'a.dll', Irq: 4, SysIntr: 20 }) +
      '"IoBase"=multi_sz:"90000000","0x90001000"\n"IoLen"=multi_sz:"100","8"\n' +
      driverKey('B', { Dll: 'a.dll', IoBase: 0x1000 }) +
      '"IoLen"=multi_sz:"8"\n'
    const m = machineWith([drv], reg)
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')
    expect(seen[0]).toMatchObject({ ok: true, io: [{ base: 0x90000000, length: 0x100 }, { base: 0x90001000, length: 8 }], mem: [] })
    expect(seen[1]).toMatchObject({ ok: true, irq: 4, sysIntr: 20 })
    expect(seen[2]).toMatchObject({ ok: false, error: ERROR_INVALID_DATA })
  })
})

// Machines built from the same .reg text clone one registry built once (machine.ts buildRegistry).
describe('each machine has its own registry, built from its sources as they are now', () => {
  test('a write in one machine is not seen by the next one built from the same source', async () => {
    const source = { file: 'app.reg', text: '[HKEY_LOCAL_MACHINE\\Software\\App]\n"x"=dword:1\n' }
    const first = createMachine({ registry: source })
    const app = first.createProcess('app.exe')
    expect(await app.RegSetValueEx('HKLM\\Software\\App', 'x', { type: REG_DWORD, data: 2 })).toMatchObject({ ok: true })
    first.registry.createKey('HKLM\\Software\\Other')
    const second = createMachine({ registry: source })
    expect(second.registry.openKey('HKLM\\Software\\App')!.getDword('x')).toBe(1)
    expect(second.registry.openKey('HKLM\\Software\\Other')).toBeUndefined()
    expect(first.registry.openKey('HKLM\\Software\\App')!.getDword('x')).toBe(2)
  })

  test('a source object whose text changed is read again', () => {
    const source = { file: 'app.reg', text: '[HKEY_LOCAL_MACHINE\\Software\\App]\n"x"=dword:1\n' }
    expect(createMachine({ registry: source }).registry.openKey('HKLM\\Software\\App')!.getDword('x')).toBe(1)
    source.text = '[HKEY_LOCAL_MACHINE\\Software\\App]\n"x"=dword:7\n'
    expect(createMachine({ registry: source }).registry.openKey('HKLM\\Software\\App')!.getDword('x')).toBe(7)
    source.text = '[HKEY_LOCAL_MACHINE\\Software\\App\n'
    expect(() => createMachine({ registry: source })).toThrow(/app\.reg/)
  })

  test('object sources are read every time (they are the caller\'s objects)', () => {
    const values: Record<string, number> = { x: 1 }
    const source = { 'HKLM\\Software\\App': values }
    expect(createMachine({ registry: source }).registry.openKey('HKLM\\Software\\App')!.getDword('x')).toBe(1)
    values.x = 3
    expect(createMachine({ registry: source }).registry.openKey('HKLM\\Software\\App')!.getDword('x')).toBe(3)
  })

  test('with and without the default registry are two builds', () => {
    const text = '[HKEY_LOCAL_MACHINE\\Software\\App]\n'
    expect(createMachine({ registry: text }).registry.openKey('HKLM\\Drivers\\ProcGroup_0003')).toBeDefined()
    expect(createMachine({ registry: text, defaultRegistry: false }).registry.openKey('HKLM\\Drivers\\ProcGroup_0003')).toBeUndefined()
  })
})
