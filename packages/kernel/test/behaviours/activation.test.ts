// Fact sheet §14, behaviours 22–26: registry-driven activation, DEVFLAGS, entry-point validation and stubs, Init's
// arguments and failures, and the post-init IOCTL.
import { describe, expect, test } from 'vitest'
import {
  DEVACCESS_BUSNAMESPACE,
  DEVFLAGS_BOOTPHASE_1,
  DEVFLAGS_LOADLIBRARY,
  DEVFLAGS_LOAD_AS_USERPROC,
  DEVFLAGS_NAKEDENTRIES,
  DEVFLAGS_NOLOAD,
  DEVFLAGS_NOUNLOAD,
  DEVFLAGS_UNLOAD,
  DMCLASS_PROTECTEDBUSNAMESPACE,
  ERROR_ACCESS_DENIED,
  ERROR_BAD_CONFIGURATION,
  ERROR_DEV_NOT_EXIST,
  ERROR_DEVICE_IN_USE,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_FUNCTION,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  ERROR_OPEN_FAILED,
  ERROR_SUCCESS,
  REG_DWORD,
  REG_MULTI_SZ,
  REG_SZ,
  defineDriver,
  type ParamPtr,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

describe('behaviour 22: activation is driven by the registry; names PFXn:, $device\\PFXn, $bus\\name', () => {
  test('Dll is required: without it activation fails with ERROR_BAD_CONFIGURATION', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Prefix: 'AAA' }))
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).toMatchObject({ handle: 0, lastError: ERROR_BAD_CONFIGURATION })
  })

  test('a missing device key, or no key at all, is ERROR_BAD_CONFIGURATION', async () => {
    const m = machineWith([recorder('a.dll')], '')
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Nope')).lastError).toBe(ERROR_BAD_CONFIGURATION)
    expect((await m.ActivateDeviceEx('')).lastError).toBe(ERROR_BAD_CONFIGURATION)
  })

  test('without Index the first free index from 1 is used; the device gets both names', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA' }) + driverKey('B', { Dll: 'a.dll', Prefix: 'AAA' }))
    const a = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const b = await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')
    expect([a.device?.name, a.device?.legacyName, b.device?.name, b.device?.legacyName]).toEqual(['AAA1', 'AAA1:', 'AAA2', 'AAA2:'])
    const app = m.createProcess('app.exe')
    expect((await app.CreateFile('aaa2:')).ok).toBe(true) // names are case-insensitive
    expect((await app.CreateFile('\\$device\\AAA2')).ok).toBe(true)
    expect((await app.CreateFile('$device\\AAA1')).ok).toBe(true)
  })

  test('Index 10 is legacy index 0 (AAA0:); above 10 there is only the $device name', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 10 }) + driverKey('B', { Dll: 'a.dll', Prefix: 'AAA', Index: 12 }))
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).device).toMatchObject({ name: 'AAA10', legacyName: 'AAA0:' })
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')).device).toMatchObject({ name: 'AAA12', legacyName: null })
    const app = m.createProcess('app.exe')
    expect((await app.CreateFile('AAA0:')).ok).toBe(true)
    expect((await app.CreateFile('AAA12:')).lastError).toBe(ERROR_DEV_NOT_EXIST)
    expect((await app.CreateFile('\\$device\\AAA12')).ok).toBe(true)
  })

  test('a name already taken is ERROR_DEVICE_IN_USE, and the failed activation leaves no Active key', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }) + driverKey('B', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const keysBefore = m.registry.openKey('HKLM\\Drivers\\Active')!.subkeys().length
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')).toMatchObject({ handle: 0, lastError: ERROR_DEVICE_IN_USE })
    expect(m.registry.openKey('HKLM\\Drivers\\Active')!.subkeys().length).toBe(keysBefore)
  })

  test('a prefix that is not three characters is ignored: the device has no name', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'LONG', Index: 1 }))
    const r = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(r.ok).toBe(true)
    expect(r.device).toMatchObject({ name: null, legacyName: null })
    expect((await m.createProcess('app.exe').CreateFile('LONG1:')).lastError).toBe(ERROR_DEV_NOT_EXIST)
  })

  test('the Active key holds Name, Key and Hnd', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 3 }))
    const r = await m.ActivateDeviceEx('HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\A')
    const active = m.registry.openKey(r.device!.activePath)!
    expect(active.getString('Name')).toBe('AAA3:')
    expect(active.getString('Key')).toBe('Drivers\\BuiltIn\\A')
    expect(active.getDword('Hnd')).toBe(r.handle)
    expect(active.volatile).toBe(true)
  })

  test('$bus\\name opens need the protected bus namespace IClass, and add DEVACCESS_BUSNAMESPACE to the access', async () => {
    const withClass = recorder('bus.dll')
    const m = machineWith(
      [withClass],
      driverKey('A', { Dll: 'bus.dll', Prefix: 'BUS', Index: 1 }) +
        `"IClass"=multi_sz:"${DMCLASS_PROTECTEDBUSNAMESPACE}"\n` +
        driverKey('B', { Dll: 'bus.dll', Prefix: 'BUS', Index: 2 }),
    )
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A', [{ name: 'BusName', type: REG_SZ, data: 'pci_0_3' }])
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\B', [{ name: 'BusName', type: REG_SZ, data: 'pci_0_4' }])
    const app = m.createProcess('app.exe')
    expect((await app.CreateFile('\\$bus\\pci_0_3', 0)).ok).toBe(true)
    expect(withClass.log.at(-1)).toBe(`Open(0x100, 0x${DEVACCESS_BUSNAMESPACE.toString(16)}, 0)`)
    expect((await app.CreateFile('\\$bus\\pci_0_4', 0)).lastError).toBe(ERROR_DEV_NOT_EXIST)
  })
})

describe('behaviour 23: DEVFLAGS', () => {
  test.each([
    ['DEVFLAGS_NOLOAD', DEVFLAGS_NOLOAD],
    ['DEVFLAGS_BOOTPHASE_1', DEVFLAGS_BOOTPHASE_1],
  ])('%s: NULL with ERROR_SUCCESS, the driver is not loaded', async (_n, flag) => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Flags: flag }))
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).toMatchObject({ handle: 0, lastError: ERROR_SUCCESS })
    expect(rec.log).toEqual([])
  })

  test('DEVFLAGS_UNLOAD: Init, then at once PreDeinit and Deinit; NULL with ERROR_SUCCESS', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Flags: DEVFLAGS_UNLOAD }))
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).toMatchObject({ handle: 0, lastError: ERROR_SUCCESS })
    expect(rec.log).toEqual(['Init(Drivers\\Active\\01, 0)', 'PreDeinit(0x100)', 'Deinit(0x100)'])
    expect(m.devices()).toEqual([])
    expect(m.registry.openKey('HKLM\\Drivers\\Active\\01')).toBeUndefined()
  })

  test('DEVFLAGS_NOUNLOAD: DeactivateDevice is refused with ERROR_ACCESS_DENIED', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Flags: DEVFLAGS_NOUNLOAD }))
    const { handle } = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(await m.DeactivateDevice(handle)).toMatchObject({ ok: false, lastError: ERROR_ACCESS_DENIED })
    expect(m.devices()).toHaveLength(1)
  })

  test('DEVFLAGS_NAKEDENTRIES picks the bare Init, without it Prefix_Init is called', async () => {
    const log: string[] = []
    const entries = (tag: string) => ({
      Init: () => (log.push(`${tag}Init`), 1),
      Deinit: () => true,
      Open: () => 1,
      Close: () => true,
      IOControl: () => true,
    })
    const both = defineDriver('both.dll', () => ({
      ...entries(''),
      ...Object.fromEntries(Object.entries(entries('COM_')).map(([k, v]) => [`COM_${k}`, v])),
    }))
    const m = machineWith([], driverKey('A', { Dll: 'both.dll', Prefix: 'COM', Index: 1 }) + driverKey('B', { Dll: 'both.dll', Prefix: 'COM', Index: 2, Flags: DEVFLAGS_NAKEDENTRIES }), {
      drivers: [both],
    })
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).ok).toBe(true)
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')).ok).toBe(true)
    expect(log).toEqual(['COM_Init', 'Init'])
  })

  test('DEVFLAGS_NAKEDENTRIES on a driver that exports only decorated names: no Init, ERROR_INVALID_FUNCTION', async () => {
    const decorated = defineDriver('deco.dll', () => ({
      COM_Init: () => 1,
      COM_Deinit: () => true,
      COM_Open: () => 1,
      COM_Close: () => true,
      COM_IOControl: () => true,
    }))
    const m = machineWith([], driverKey('A', { Dll: 'deco.dll', Prefix: 'COM', Index: 1 }) + driverKey('B', { Dll: 'deco.dll', Prefix: 'COM', Index: 2, Flags: DEVFLAGS_NAKEDENTRIES }), {
      drivers: [decorated],
    })
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).ok).toBe(true)
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')).lastError).toBe(ERROR_INVALID_FUNCTION)
  })

  test('DEVFLAGS_LOADLIBRARY loads the DLL with LoadLibrary instead of LoadDriver', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll', Flags: DEVFLAGS_LOADLIBRARY }) + driverKey('B', { Dll: 'a.dll', Prefix: 'BBB' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const how = m.trace.events().map((e) => e.detail as { via?: string }).filter((d) => d?.via)
    expect(how.map((d) => d.via)).toEqual(['LoadLibrary'])
  })

  test('DEVFLAGS_LOAD_AS_USERPROC takes the reflector path: the driver is loaded in a udevice.exe host', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Flags: DEVFLAGS_LOAD_AS_USERPROC }))
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).toMatchObject({ ok: true, lastError: 0 })
    expect(rec.log).toHaveLength(1)
    expect(rec.ctx().kernelMode).toBe(false)
    expect(m.udevices.list().map((h) => h.process.name)).toEqual(['udevice.exe'])
  })
})

describe('behaviour 24: entry points are validated at load; missing optional ones are stubbed with ERROR_NOT_SUPPORTED', () => {
  test.each([
    ['Init', ['Init'], { Prefix: 'AAA' }],
    ['Deinit', ['Deinit'], {}],
    ['Open of a named driver', ['Open'], { Prefix: 'AAA' }],
    ['Close of a named driver', ['Close'], { Prefix: 'AAA' }],
    ['every I/O entry of a named driver', ['Read', 'Write', 'Seek', 'IOControl'], { Prefix: 'AAA' }],
    ['PreDeinit while PreClose exists', ['PreDeinit'], {}],
  ] as const)('without %s: ERROR_INVALID_FUNCTION', async (_what, omit, extra) => {
    const rec = recorder('a.dll', undefined, omit)
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', ...extra }))
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).toMatchObject({ handle: 0, lastError: ERROR_INVALID_FUNCTION })
    expect(rec.log).toEqual([])
  })

  test('an unnamed driver needs only Init and Deinit', async () => {
    const rec = recorder('a.dll', undefined, ['Open', 'Close', 'Read', 'Write', 'Seek', 'IOControl', 'PreClose', 'PreDeinit'])
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll' }))
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).ok).toBe(true)
  })

  test('missing I/O entries are stubs: Read/Write/Seek fail with -1, IOControl with FALSE, all ERROR_NOT_SUPPORTED', async () => {
    const rec = recorder('a.dll', undefined, ['Read', 'Write', 'Seek'])
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('AAA1:')).handle
    const buf = app.alloc(4)
    expect(await app.ReadFile(h, buf, 4)).toMatchObject({ ok: false, bytes: 0, lastError: ERROR_NOT_SUPPORTED })
    expect(await app.WriteFile(h, buf, 4)).toMatchObject({ ok: false, lastError: ERROR_NOT_SUPPORTED })
    expect(await app.SetFilePointer(h, 5)).toMatchObject({ ok: false, value: 0xffffffff, lastError: ERROR_NOT_SUPPORTED })

    const noIoctl = recorder('b.dll', undefined, ['IOControl'])
    const m2 = machineWith([noIoctl], driverKey('B', { Dll: 'b.dll', Prefix: 'BBB', Index: 1 }))
    await m2.ActivateDeviceEx('Drivers\\BuiltIn\\B')
    const app2 = m2.createProcess('app.exe')
    const h2 = (await app2.CreateFile('BBB1:')).handle
    expect(await app2.DeviceIoControl(h2, 1, 0, 0, 0, 0)).toMatchObject({ ok: false, lastError: ERROR_NOT_SUPPORTED })
  })
})

describe('behaviour 25: Init gets the Active key path (or Context) and lpvParam; failures and exceptions', () => {
  test('Init receives the Active key path and the lpvParam of ActivateDeviceEx', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A', [], 0x1234)
    expect(rec.log[0]).toBe('Init(Drivers\\Active\\01, 4660)')
  })

  test('with a Context value, Init receives that instead of the path', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Context: 0x55 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(rec.log[0]).toBe('Init(85, 0)')
  })

  test('REGINI values are in the Active key when Init runs, and the driver finds its key through it', async () => {
    let seen: unknown[] = []
    const rec = recorder('a.dll', (ctx) => ({
      Init: (pContext) => {
        const active = ctx.RegOpenKeyEx(0x80000002, String(pContext))
        const v = ctx.RegQueryValueEx(active.hKey, 'Extra')
        const hDev = ctx.OpenDeviceKey(pContext)
        seen = [v.value, ctx.RegQueryValueEx(hDev, 'Dll').value]
        ctx.RegCloseKey(active.hKey)
        ctx.RegCloseKey(hDev)
        return 1
      },
    }))
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A', [{ name: 'Extra', type: REG_DWORD, data: 7 }])
    expect(seen).toEqual([{ type: REG_DWORD, data: 7 }, { type: REG_SZ, data: 'a.dll' }])
  })

  test('Init returning 0 fails activation with ERROR_OPEN_FAILED', async () => {
    const m = machineWith([recorder('a.dll', () => ({ Init: () => 0 }))], driverKey('A', { Dll: 'a.dll' }))
    expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).toMatchObject({ handle: 0, lastError: ERROR_OPEN_FAILED })
  })

  test.each(['Init', 'Open', 'IOControl', 'Read'] as const)('an exception in %s fails that call with ERROR_INVALID_PARAMETER', async (entry) => {
    const rec = recorder('a.dll', () => ({
      [entry]: () => {
        throw new TypeError(`boom in ${entry}`)
      },
    }))
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const ex = () => m.trace.events().filter((e) => e.type === 'driver-exception')
    if (entry === 'Init') {
      expect(act).toMatchObject({ handle: 0, lastError: ERROR_INVALID_PARAMETER })
      expect(ex()).toHaveLength(1)
      return
    }
    const app = m.createProcess('app.exe')
    const open = await app.CreateFile('AAA1:')
    if (entry === 'Open') {
      expect(open).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    } else {
      const buf = app.alloc(4)
      const r = entry === 'Read' ? await app.ReadFile(open.handle, buf, 4) : await app.DeviceIoControl(open.handle, 1, 0, 0, 0, 0)
      expect(r).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    }
    expect(ex()[0]!.detail).toMatchObject({ driver: 'a.dll', entry, error: `TypeError: boom in ${entry}` })
    expect((ex()[0]!.detail as { stack: string }).stack).toContain('activation.test.ts')
  })

  test('a driver not in the catalogue, or whose load throws, is ERROR_FILE_NOT_FOUND', async () => {
    const broken = defineDriver('broken.dll', () => {
      throw new Error('DllMain failed')
    })
    const m = machineWith([], driverKey('A', { Dll: 'missing.dll' }) + driverKey('B', { Dll: 'broken.dll' }), { drivers: [broken] })
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).lastError).toBe(ERROR_FILE_NOT_FOUND)
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')).lastError).toBe(ERROR_FILE_NOT_FOUND)
  })

  test('behaviour 38: an untrusted caller may not pass REGINI values nor activate a key outside the protected locations', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll' }) + '[HKEY_LOCAL_MACHINE\\Software\\Mine]\n"Dll"="a.dll"\n')
    const app = m.createProcess('untrusted.exe', { trusted: false })
    expect((await app.ActivateDeviceEx('Drivers\\BuiltIn\\A', [{ name: 'X', type: REG_DWORD, data: 1 }])).lastError).toBe(ERROR_ACCESS_DENIED)
    expect((await app.ActivateDeviceEx('Software\\Mine')).lastError).toBe(ERROR_ACCESS_DENIED)
    expect((await app.ActivateDeviceEx('Drivers\\BuiltIn\\A')).ok).toBe(true)
  })

  test('a malformed REGINI entry is ERROR_INVALID_PARAMETER', async () => {
    const m = machineWith([recorder('a.dll')], driverKey('A', { Dll: 'a.dll' }))
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A', [{ name: 'X', type: REG_MULTI_SZ, data: 5 }])).lastError).toBe(ERROR_INVALID_PARAMETER)
  })
})

describe('behaviour 26: the post-init Ioctl is sent through $device\\<name> with POST_INIT_BUF', () => {
  test('after Init the driver is opened and gets { hDevice, hDeviceKey } with the Ioctl code; then closed', async () => {
    let got: { hDevice: number; dll: unknown } | null = null
    const rec = recorder('a.dll', (ctx, log) => ({
      IOControl: (_h, code, pIn: ParamPtr, nIn) => {
        log.push(`IOControl(0x${code.toString(16)}, ${nIn})`)
        const hDevice = ctx.mem.readU32(pIn)
        const hKey = ctx.mem.readU32(((pIn as number) + 4) as ParamPtr)
        got = { hDevice, dll: ctx.RegQueryValueEx(hKey, 'Dll').value }
        return true
      },
    }))
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1, Ioctl: 0x1f0000 }))
    const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(rec.log).toEqual(['Init(Drivers\\Active\\01, 0)', 'Open(0x100, 0xc0000000, 0)', 'IOControl(0x1f0000, 8)', 'PreClose(0x200)', 'Close(0x200)'])
    expect(got).toEqual({ hDevice: act.handle, dll: { type: REG_SZ, data: 'a.dll' } })
  })

  test('an unnamed device gets no post-init Ioctl', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Ioctl: 0x1f0000 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(rec.log).toEqual(['Init(Drivers\\Active\\01, 0)'])
  })
})
