// Fact sheet §14, behaviours 27–31: deactivation while calls are in flight, close ordering, access checks on
// Read/Write, DeviceIoControl's last-error rule, and power order.
import { describe, expect, test } from 'vitest'
import {
  ERROR_ACCESS_DENIED,
  ERROR_DEV_NOT_EXIST,
  ERROR_DEVICE_REMOVED,
  ERROR_INVALID_ACCESS,
  ERROR_INVALID_HANDLE,
  ERROR_NOT_FOUND,
  ERROR_TIMEOUT,
  GENERIC_READ,
  GENERIC_WRITE,
  IOCTL_PSL_NOTIFY,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const BLOCK = 1
const RELEASE = 2

/** A driver whose IOControl(BLOCK) waits (up to 100 ms of virtual time) on an event IOControl(RELEASE) sets: a call
 *  that stays in flight until released or until time passes. */
function blocker() {
  let ev = 0
  return recorder('blk.dll', (ctx, log) => ({
    Init: () => {
      ev = ctx.CreateEvent(false, false)
      log.push('Init')
      return 0x100
    },
    Deinit: (h) => {
      ctx.CloseHandle(ev)
      log.push(`Deinit(0x${h.toString(16)})`)
      return true
    },
    IOControl: async (_h, code) => {
      log.push(`IOControl(${code}) in`)
      if (code === BLOCK) await ctx.WaitForSingleObject(ev, 100)
      if (code === RELEASE) ctx.SetEvent(ev)
      log.push(`IOControl(${code}) out`)
      return true
    },
  }))
}

async function boot(drv = blocker(), extra: Record<string, string | number> = {}) {
  const m = machineWith([drv], driverKey('Blk', { Dll: 'blk.dll', Prefix: 'BLK', Index: 1, ...extra }))
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Blk')
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile('BLK1:')).handle
  return { m, drv, app, h, hDevice: act.handle, activePath: act.device!.activePath }
}

describe('behaviour 27: DeactivateDevice calls PreDeinit at once and Deinit when no thread is inside the driver', () => {
  test('with a call in flight: PreDeinit now, Deinit after the call returns; old handles get ERROR_DEVICE_REMOVED', async () => {
    const { m, drv, app, h, hDevice, activePath } = await boot()
    const waiter = app.createThread('waiter')
    const inFlight = waiter.DeviceIoControl(h, BLOCK, 0, 0, 0, 0)
    await m.run()
    expect((await m.DeactivateDevice(hDevice)).ok).toBe(true)
    expect(drv.log).toContain('PreDeinit(0x100)')
    expect(drv.log.some((l) => l.startsWith('Deinit'))).toBe(false)
    // New calls on the old handle, and new opens, fail while the device dies.
    expect(await app.DeviceIoControl(h, RELEASE, 0, 0, 0, 0)).toMatchObject({ ok: false, lastError: ERROR_DEVICE_REMOVED })
    expect(await app.ReadFile(h, app.alloc(4), 4)).toMatchObject({ ok: false, lastError: ERROR_DEVICE_REMOVED })
    expect((await app.CreateFile('BLK1:')).lastError).toBe(ERROR_DEV_NOT_EXIST)
    expect(m.registry.openKey(activePath)).toBeDefined()
    // The in-flight call's wait times out; when it leaves the driver, Deinit runs.
    await m.advance(100)
    expect((await inFlight).ok).toBe(true)
    await m.run()
    expect(drv.log.at(-1)).toBe('Deinit(0x100)')
    expect(m.registry.openKey(activePath)).toBeUndefined()
    expect(m.devices()).toEqual([])
  })

  test('with no call in flight: PreDeinit then Deinit at once, Active key deleted', async () => {
    const { m, drv, hDevice, activePath } = await boot()
    await m.DeactivateDevice(hDevice)
    expect(drv.log.slice(-2)).toEqual(['PreDeinit(0x100)', 'Deinit(0x100)'])
    expect(m.registry.openKey(activePath)).toBeUndefined()
  })

  test('a driver without PreDeinit gets Deinit at once', async () => {
    const rec = recorder('a.dll', undefined, ['PreDeinit', 'PreClose'])
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    const { handle } = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    await m.DeactivateDevice(handle)
    expect(rec.log).toEqual(['Init(Drivers\\Active\\01, 0)', 'Deinit(0x100)'])
  })

  test('behaviour 38 (and 27): deactivating twice, or an unknown handle: ERROR_NOT_FOUND; an untrusted caller cannot unload a trusted load', async () => {
    const { m, app, hDevice } = await boot()
    const untrusted = m.createProcess('evil.exe', { trusted: false })
    expect(await untrusted.DeactivateDevice(hDevice)).toMatchObject({ ok: false, lastError: ERROR_ACCESS_DENIED })
    expect((await app.DeactivateDevice(hDevice)).ok).toBe(true)
    expect(await app.DeactivateDevice(hDevice)).toMatchObject({ ok: false, lastError: ERROR_NOT_FOUND })
    expect(await m.DeactivateDevice(0x1234)).toMatchObject({ ok: false, lastError: ERROR_NOT_FOUND })
  })
})

describe('behaviour 28: CloseHandle calls PreClose at once and Close when the last call on the handle returns', () => {
  test('a handle closed while a call is in flight on it', async () => {
    const { m, drv, app, h } = await boot()
    const waiter = app.createThread('waiter')
    const inFlight = waiter.DeviceIoControl(h, BLOCK, 0, 0, 0, 0)
    await m.run()
    expect((await app.CloseHandle(h)).ok).toBe(true)
    expect(drv.log.at(-1)).toBe('PreClose(0x200)')
    expect(await app.DeviceIoControl(h, RELEASE, 0, 0, 0, 0)).toMatchObject({ ok: false, lastError: ERROR_INVALID_HANDLE })
    const h2 = (await app.CreateFile('BLK1:', 0)).handle
    expect((await app.DeviceIoControl(h2, RELEASE, 0, 0, 0, 0)).ok).toBe(true)
    await inFlight
    expect(drv.log.slice(-2)).toEqual(['IOControl(1) out', 'Close(0x200)'])
    expect(drv.log.filter((l) => l === 'Close(0x200)')).toHaveLength(1)
  })

  test('without PreClose, Close is called at once', async () => {
    const rec = recorder('a.dll', undefined, ['PreClose'])
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('AAA1:')).handle
    await app.CloseHandle(h)
    expect(rec.log.at(-1)).toBe('Close(0x200)')
    expect(await app.CloseHandle(h)).toMatchObject({ ok: false, lastError: ERROR_INVALID_HANDLE })
  })

  test('process exit closes its handles: PreClose then Close', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    await app.CreateFile('AAA1:')
    await app.exit()
    expect(rec.log.slice(-2)).toEqual(['PreClose(0x200)', 'Close(0x200)'])
    expect(app.exited).toBe(true)
  })
})

describe('behaviour 29: ReadFile needs GENERIC_READ, WriteFile GENERIC_WRITE; a driver returning -1 is FALSE with 0 bytes', () => {
  test('access checks give ERROR_INVALID_ACCESS and never reach the driver', async () => {
    const rec = recorder('a.dll')
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    const ro = (await app.CreateFile('AAA1:', GENERIC_READ)).handle
    const wo = (await app.CreateFile('AAA1:', GENERIC_WRITE)).handle
    const buf = app.alloc(8)
    expect(await app.WriteFile(ro, buf, 8)).toMatchObject({ ok: false, lastError: ERROR_INVALID_ACCESS })
    expect(await app.ReadFile(wo, buf, 8)).toMatchObject({ ok: false, lastError: ERROR_INVALID_ACCESS })
    expect(rec.log.filter((l) => l.startsWith('Read') || l.startsWith('Write'))).toEqual([])
    expect(await app.ReadFile(ro, buf, 8)).toMatchObject({ ok: true, bytes: 8 })
    expect(await app.WriteFile(wo, buf, 8)).toMatchObject({ ok: true, bytes: 8 })
  })

  test('-1 from Read: FALSE, 0 bytes written to lpNumberOfBytesRead, the driver\'s last error kept', async () => {
    const rec = recorder('a.dll', (ctx) => ({
      Read: () => {
        ctx.SetLastError(ERROR_TIMEOUT)
        return -1
      },
    }))
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('AAA1:')).handle
    const buf = app.alloc(8)
    const count = app.alloc(4)
    app.writeU32(count, 0xdead)
    expect(await app.ReadFile(h, buf, 8, count)).toMatchObject({ ok: false, lastError: ERROR_TIMEOUT })
    expect(app.readU32(count)).toBe(0)
  })
})

describe("behaviour 30: a successful DeviceIoControl keeps the caller's last error unless the driver sets one", () => {
  test('the ERROR_GEN_FAILURE sentinel: restored on success, kept on failure, the driver\'s own error kept either way', async () => {
    const rec = recorder('a.dll', (ctx) => ({
      IOControl: (_h, code) => {
        if (code === 2) ctx.SetLastError(ERROR_TIMEOUT)
        return code !== 3
      },
    }))
    const m = machineWith([rec], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    expect((await app.CreateFile('NOPE1:')).lastError).toBe(ERROR_DEV_NOT_EXIST) // the thread's last error is now 55
    const h = (await app.CreateFile('AAA1:')).handle
    expect(await app.DeviceIoControl(h, 1, 0, 0, 0, 0)).toMatchObject({ ok: true, lastError: ERROR_DEV_NOT_EXIST })
    expect(await app.DeviceIoControl(h, 2, 0, 0, 0, 0)).toMatchObject({ ok: true, lastError: ERROR_TIMEOUT })
    expect(await app.DeviceIoControl(h, 3, 0, 0, 0, 0)).toMatchObject({ ok: false, error: 'ERROR_GEN_FAILURE' })
  })

  test('IOCTL_PSL_NOTIFY only from trusted callers or the handle owner', async () => {
    const { m, app, h } = await boot()
    expect((await app.DeviceIoControl(h, IOCTL_PSL_NOTIFY, 0, 0, 0, 0)).ok).toBe(true)
    const untrusted = m.createProcess('evil.exe', { trusted: false })
    const h2 = (await untrusted.CreateFile('BLK1:')).handle
    expect((await untrusted.DeviceIoControl(h2, IOCTL_PSL_NOTIFY, 0, 0, 0, 0)).ok).toBe(true) // its own handle
  })
})

describe('behaviour 31: PowerDown in reverse load order, PowerUp in load order', () => {
  test('three devices', async () => {
    const order: string[] = []
    const mk = (n: string) => recorder(`${n}.dll`, () => ({ PowerDown: () => void order.push(`down ${n}`), PowerUp: () => void order.push(`up ${n}`) }))
    const drivers = ['a', 'b', 'c'].map(mk)
    const m = machineWith(drivers, ['a', 'b', 'c'].map((n) => driverKey(n.toUpperCase(), { Dll: `${n}.dll` })).join(''))
    for (const n of ['A', 'B', 'C']) await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${n}`)
    await m.suspend()
    await m.resume()
    expect(order).toEqual(['down c', 'down b', 'down a', 'up a', 'up b', 'up c'])
  })

  test('an exception in PowerDown is caught and the others still run', async () => {
    const order: string[] = []
    const bad = recorder('bad.dll', () => ({
      PowerDown: () => {
        throw new Error('no power')
      },
    }))
    const good = recorder('good.dll', () => ({ PowerDown: () => void order.push('good') }))
    const m = machineWith([good, bad], driverKey('G', { Dll: 'good.dll' }) + driverKey('B', { Dll: 'bad.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\G')
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')
    await m.suspend()
    expect(order).toEqual(['good'])
    expect(m.trace.events().some((e) => e.type === 'driver-exception')).toBe(true)
  })
})

