// Driver exceptions (SPEC "Decisions", first bullet): an exception in an entry point is caught by the device manager
// and fails the call with ERROR_INVALID_PARAMETER; an exception escaping a thread the driver created is a bugcheck
// that stops the machine.
import { describe, expect, test } from 'vitest'
import { Bugcheck, ERROR_INVALID_PARAMETER, Ev, INFINITE, MEM_RELEASE, createMachine, defineDriver, type TraceEvent } from '../../src/index.js'
import { KEY, REG, rig } from './rig.js'

const THROW = 1
const OK = 2
const SPAWN = 3
const WAIT = 4

describe('an exception in an entry point', () => {
  test('fails the call with ERROR_INVALID_PARAMETER and is traced as driver-exception; the driver stays usable', async () => {
    const r = await rig()
    r.on(THROW, () => {
      throw new RangeError('index out of range')
    })
    r.on(OK, () => true)
    const res = await r.app.DeviceIoControl(r.h, THROW, 0, 0, 0, 0)
    expect(res).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    const ev = r.m.trace.events().filter((e) => e.kind === Ev.DriverException)
    expect(ev).toHaveLength(1)
    expect(ev[0]!.detail).toMatchObject({ driver: 'tst.dll', entry: 'IOControl', error: 'RangeError: index out of range' })
    expect((ev[0]!.detail as { stack: string }).stack).toMatch(/exceptions\.test\.ts/)
    expect((await r.app.DeviceIoControl(r.h, OK, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.bugcheck).toBeNull()
    expect(r.m.hangs).toEqual([])
  })

  test('the same after the entry point blocked: a rejection is caught too', async () => {
    const r = await rig()
    r.on(THROW, async (c) => {
      await c.Sleep(5)
      throw new Error('late failure')
    })
    const res = await r.app.DeviceIoControl(r.h, THROW, 0, 0, 0, 0)
    expect(res).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(r.m.now).toBe(5)
    expect(r.m.trace.events().filter((e) => e.kind === Ev.DriverException).map((e) => (e.detail as { error: string }).error)).toEqual([
      'Error: late failure',
    ])
  })

  test('an access violation in an entry point is caught the same way', async () => {
    const r = await rig()
    r.on(THROW, (c, io) => (c.mem.readU32(io.pIn), true))
    const p = r.app.alloc(8)
    r.app.VirtualFree(p, 0, MEM_RELEASE)
    // A freed (but valid-range) buffer passes the pointer check and faults in the driver.
    const res = await r.app.DeviceIoControl(r.h, THROW, p, 4, 0, 0)
    expect(res).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    const ev = r.m.trace.events()
    expect(ev.some((e) => e.kind === Ev.Fault && e.a === p)).toBe(true)
    expect(ev.some((e) => e.kind === Ev.DriverException && /AccessViolation/.test((e.detail as { error: string }).error))).toBe(true)
  })

  test('jsStacks: false leaves the JavaScript stack out of access violations, and changes nothing else', async () => {
    const run = async (jsStacks: boolean) => {
      const r = await rig({ jsStacks })
      let caught: unknown
      r.on(1, (c, io) => {
        try {
          c.mem.readU32(io.pIn)
        } catch (e) {
          caught = e
        }
        return c.mem.readU32(io.pIn) === 0
      })
      const p = r.app.alloc(8)
      r.app.VirtualFree(p, 0, MEM_RELEASE)
      const res = await r.app.DeviceIoControl(r.h, 1, p, 4, 0, 0)
      const escaped = r.m.trace.events().find((e) => e.kind === Ev.DriverException)!.detail as { error: string; stack: string }
      const trace = r.m.trace.events().map((e) => r.m.trace.format({ ...e, detail: e.kind === Ev.DriverException ? null : e.detail }))
      return { res, caught: caught as Error, escaped, trace }
    }
    const on = await run(true)
    const off = await run(false)
    expect(on.caught.stack).toMatch(/exceptions\.test\.ts/)
    expect(on.escaped.stack).toMatch(/exceptions\.test\.ts/)
    expect(off.caught.stack).not.toMatch(/\n\s+at /)
    expect(off.escaped.stack).toBe('')
    expect(off.caught.message).toBe(on.caught.message)
    expect(off.escaped.error).toBe(on.escaped.error)
    expect(off.res).toEqual(on.res)
    expect(off.trace).toEqual(on.trace)
    expect(() => createMachine({ jsStacks: 'no' as never })).toThrow("createMachine: jsStacks must be true or false, got \"no\"")
  })

  test('a thrown non-Error value is caught and described', async () => {
    const r = await rig()
    r.on(THROW, () => {
      throw 'plain string'
    })
    expect(await r.app.DeviceIoControl(r.h, THROW, 0, 0, 0, 0)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(r.m.trace.events().find((e) => e.kind === Ev.DriverException)!.detail).toMatchObject({ error: 'plain string' })
  })

  test('an exception in Init makes the activation fail', async () => {
    const drv = defineDriver('tst.dll', () => ({
      Init: () => {
        throw new Error('no hardware')
      },
      Deinit: () => true,
      Open: () => 1,
      Close: () => true,
      IOControl: () => true,
    }))
    const m = createMachine({ drivers: [drv], registry: REG })
    const act = await m.ActivateDeviceEx(KEY)
    expect(act).toMatchObject({ ok: false, handle: 0, lastError: ERROR_INVALID_PARAMETER })
    expect(m.trace.events().find((e) => e.kind === Ev.DriverException)?.detail).toMatchObject({ entry: 'Init', error: 'Error: no hardware' })
    expect(m.bugcheck).toBeNull()
  })
})

describe("an exception on the driver's own thread is a bugcheck", () => {
  async function crasher(routine: 'sync' | 'async') {
    const r = await rig()
    let ev = 0
    r.on(SPAWN, (c) => {
      ev = c.CreateEvent(false, false)
      c.CreateThread(
        routine === 'sync'
          ? function worker() {
              throw new TypeError('null deref in worker')
            }
          : async function worker() {
              await c.Sleep(10)
              throw new TypeError('null deref in worker')
            },
      )
      return true
    })
    r.on(WAIT, async (c) => (await c.WaitForSingleObject(ev, INFINITE), true))
    r.on(OK, () => true)
    return r
  }

  test('machine.bugcheck names the driver, the start routine and the stack; the trace has a bugcheck event', async () => {
    const r = await crasher('sync')
    // The call returned, but had not settled (the thread it readied had not run): it rejects with the bugcheck.
    const err = await r.app.DeviceIoControl(r.h, SPAWN, 0, 0, 0, 0).catch((e: unknown) => e)
    const b = r.m.bugcheck
    expect(err).toBe(b)
    expect(b).toBeInstanceOf(Bugcheck)
    expect(b!.driver).toBe('tst.dll')
    expect(b!.entry).toBe('worker')
    expect(b!.stack_.frames).toEqual(['tst.dll!worker'])
    expect(b!.stack_.js).toMatch(/exceptions\.test\.ts/)
    expect(b!.cause).toBeInstanceOf(TypeError)
    expect(b!.message).toMatch(/null deref in worker/)
    const ev = r.m.trace.events().filter((e: TraceEvent) => e.kind === Ev.Bugcheck)
    expect(ev).toHaveLength(1)
    expect(ev[0]!.detail).toMatchObject({ driver: 'tst.dll', entry: 'worker' })
  })

  test('a pending call rejects with the bugcheck, and so does every later call', async () => {
    const r = await crasher('async')
    await r.app.DeviceIoControl(r.h, SPAWN, 0, 0, 0, 0)
    const pending = r.app.DeviceIoControl(r.h, WAIT, 0, 0, 0, 0)
    const err = await pending.then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(Bugcheck)
    expect(err).toBe(r.m.bugcheck)
    expect(r.m.now).toBe(10)
    await expect(r.app.DeviceIoControl(r.h, OK, 0, 0, 0, 0)).rejects.toBe(err)
    await expect(r.app.createThread().CloseHandle(r.h)).rejects.toBe(err)
    await expect(r.m.ActivateDeviceEx('Drivers\\BuiltIn\\Tst')).rejects.toBe(err)
    await expect(r.m.advance(1)).rejects.toBe(err)
    await expect(r.m.run()).rejects.toBe(err)
    expect(() => r.m.createProcess('late.exe')).toThrow(err)
  })

  test('the call that started the thread may complete first: it returns before the thread runs', async () => {
    const r = await crasher('async')
    expect((await r.app.DeviceIoControl(r.h, SPAWN, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.bugcheck).toBeNull()
    await expect(r.m.advance(20)).rejects.toBeInstanceOf(Bugcheck)
    expect(r.m.now).toBe(10)
  })

  test('shutdown reports the bugcheck', async () => {
    const r = await crasher('sync')
    await r.app.DeviceIoControl(r.h, SPAWN, 0, 0, 0, 0).catch(() => {})
    const rep = await r.m.shutdown()
    expect(rep.bugcheck).toBe(r.m.bugcheck)
    expect(rep.bugcheck).not.toBeNull()
  })
})
