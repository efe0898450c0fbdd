// Device manager error paths and bookkeeping not covered by the numbered behaviours.
import { describe, expect, test } from 'vitest'
import {
  DEVFLAGS_TRUSTEDCALLERONLY,
  ERROR_ACCESS_DENIED,
  ERROR_DEV_NOT_EXIST,
  ERROR_INVALID_HANDLE,
  ERROR_OPEN_FAILED,
  ERROR_TIMEOUT,
  FILE_CURRENT,
  UsageError,
  createMachine,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

async function boot(rec = recorder('a.dll'), extra: Record<string, string | number> = {}) {
  const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1, ...extra }))
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
  return { m, rec, act, app: m.createProcess('app.exe') }
}

describe('CreateFile', () => {
  test('an unknown name is ERROR_DEV_NOT_EXIST', async () => {
    const { app } = await boot()
    expect(await app.CreateFile('XYZ1:')).toMatchObject({ ok: false, handle: 0xffffffff, lastError: ERROR_DEV_NOT_EXIST })
    expect((await app.CreateFile('\\$device\\XYZ1')).lastError).toBe(ERROR_DEV_NOT_EXIST)
  })

  test('Open returning 0 reports the driver\'s last error, or ERROR_OPEN_FAILED when it set none', async () => {
    let code = 0
    const rec = recorder('a.dll', (ctx) => ({
      Open: () => {
        if (code) ctx.SetLastError(code)
        return 0
      },
    }))
    const { app } = await boot(rec)
    expect((await app.CreateFile('AAA1:')).lastError).toBe(ERROR_OPEN_FAILED)
    code = ERROR_TIMEOUT
    expect((await app.CreateFile('AAA1:')).lastError).toBe(ERROR_TIMEOUT)
  })

  test('DEVFLAGS_TRUSTEDCALLERONLY: untrusted processes may not open the device', async () => {
    const { m, app } = await boot(recorder('a.dll'), { Flags: DEVFLAGS_TRUSTEDCALLERONLY })
    expect((await app.CreateFile('AAA1:')).ok).toBe(true)
    const evil = m.createProcess('evil.exe', { trusted: false })
    expect((await evil.CreateFile('AAA1:')).lastError).toBe(ERROR_ACCESS_DENIED)
  })

  test('a handle belongs to the process that opened it', async () => {
    const { m, app } = await boot()
    const h = (await app.CreateFile('AAA1:')).handle
    const other = m.createProcess('other.exe')
    expect(await other.DeviceIoControl(h, 1, 0, 0, 0, 0)).toMatchObject({ ok: false, lastError: ERROR_INVALID_HANDLE })
  })
})

describe('SetFilePointer', () => {
  test('passes distance and method to Seek and returns its result', async () => {
    const { rec, app } = await boot()
    const h = (await app.CreateFile('AAA1:')).handle
    expect(await app.SetFilePointer(h, 40, FILE_CURRENT)).toMatchObject({ ok: true, value: 40 })
    expect(rec.log.at(-1)).toBe('Seek(0x200, 40, 1)')
    expect((await app.SetFilePointer(0x77, 0)).lastError).toBe(ERROR_INVALID_HANDLE)
  })
})

describe('leaks at unload', () => {
  test('heap blocks, handles and threads a driver still holds are reported with where they were made, then freed', async () => {
    const rec = recorder('leaky.dll', (ctx) => ({
      Init: () => {
        ctx.LocalAlloc(0, 100)
        ctx.CreateEvent(true, false)
        ctx.CreateThread(async () => {
          await ctx.Sleep(0xfffffffe)
          return 0
        })
        return 1
      },
    }))
    const m = machineWith([rec], driverKey('L', { Dll: 'leaky.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\L')
    await m.run()
    const { leaks } = await m.shutdown()
    expect(leaks.map((l) => [l.kind, l.site])).toEqual([
      ['heap', 'leaky.dll!Init'],
      ['handle', 'leaky.dll!Init'],
      ['handle', 'leaky.dll!Init'],
      ['thread', 'leaky.dll!thread'],
    ])
    expect(leaks[0]!.detail).toMatch(/^112 bytes at 0xD/)
  })

  test('load runs once per process: two devices of one DLL share its globals, and unloading the last runs load again next time', async () => {
    let loads = 0
    const rec = recorder('a.dll', () => {
      loads++
      return {}
    })
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll' }) + driverKey('B', { Dll: 'a.dll' }))
    const a = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const b = await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')
    expect(loads).toBe(1)
    await m.DeactivateDevice(a.handle)
    await m.DeactivateDevice(b.handle)
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(loads).toBe(2)
  })
})

describe('createMachine options', () => {
  test('bad options name the option at fault', () => {
    expect(() => createMachine({ seed: -1 })).toThrow(/seed must be an integer/)
    expect(() => createMachine({ drivers: [{} as never] })).toThrow(/drivers\[0\] is not a driver made with defineDriver/)
    expect(() => createMachine({ hardware: [{ base: 0x90000000, device: {} as never }] })).toThrow(/hardware\[0\]\.device is not a device/)
    expect(() => createMachine({ readWriteDescriptors: 'both' as never })).toThrow(/readWriteDescriptors must be one of/)
    expect(() => createMachine({ registry: '[HKEY_LOCAL_MACHINE\\X\n' })).toThrow(/registry\[0\]:1:/)
    expect(() => createMachine({ seed: 1.5 })).toThrow(UsageError)
  })

  test('a device over simulated RAM, or two on one IRQ, are refused', () => {
    const dev = { name: 'd', size: 8, read: () => 0, write: () => {} }
    expect(() => createMachine({ hardware: [{ base: 0x00200000, device: dev }] })).toThrow(/overlaps simulated RAM/)
    expect(() => createMachine({ hardware: [{ base: 0x90000000, device: dev, irq: 1 }, { base: 0x90001000, device: { ...dev }, irq: 1 }] })).toThrow(/two devices on IRQ 1/)
  })
})
