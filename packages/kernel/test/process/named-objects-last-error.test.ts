// Named events, mutexes and semaphores are machine-wide; GetLastError / SetLastError belong to each thread.
import { describe, expect, test } from 'vitest'
import { ERROR_ALREADY_EXISTS, ERROR_INVALID_HANDLE, INFINITE, WAIT_OBJECT_0, WAIT_TIMEOUT } from '../../src/index.js'
import { rig } from './rig.js'

describe('named objects', () => {
  test('a second CreateEvent with the same name opens the same event (a new handle) and sets ERROR_ALREADY_EXISTS', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, async (c) => {
      c.SetLastError(1234)
      const a = c.CreateEvent(false, false, 'evt')
      out.push(c.GetLastError())
      const b = c.CreateEvent(true, true, 'evt') // the existing event keeps its own type and state
      out.push(c.GetLastError(), a === b ? 1 : 0)
      out.push(c.WaitForSingleObject(a, 0) as number)
      c.SetEvent(b)
      out.push(c.WaitForSingleObject(a, 0) as number, c.WaitForSingleObject(b, 0) as number) // auto-reset: one wait
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([0, ERROR_ALREADY_EXISTS, 0, WAIT_TIMEOUT, WAIT_OBJECT_0, WAIT_TIMEOUT])
  })

  test('a signal through one name wakes a waiter that opened it separately; other names are other objects', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, (c) => {
      const mine = c.CreateEvent(false, false, 'shared')
      c.CreateEvent(false, true, 'other')
      c.CreateThread(async () => void log.push(`woken ${await c.WaitForSingleObject(mine, INFINITE)}`))
      return true
    })
    r.on(2, (c) => c.SetEvent(c.CreateEvent(false, false, 'shared')))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual([])
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(log).toEqual(['woken 0'])
  })

  test('named mutexes and semaphores are shared the same way', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, (c) => {
      const m1 = c.CreateMutex(true, 'mx')
      const m2 = c.CreateMutex(false, 'mx')
      out.push(c.GetLastError())
      out.push(c.ReleaseMutex(m2) ? 1 : 0) // the same mutex, owned by this thread through m1
      out.push(c.ReleaseMutex(m1) ? 1 : 0)
      const s1 = c.CreateSemaphore(1, 1, 'sem')
      const s2 = c.CreateSemaphore(0, 5, 'sem')
      out.push(c.GetLastError(), c.WaitForSingleObject(s2, 0) as number, c.WaitForSingleObject(s1, 0) as number)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([ERROR_ALREADY_EXISTS, 1, 0, ERROR_ALREADY_EXISTS, WAIT_OBJECT_0, WAIT_TIMEOUT])
  })

  test('a name already used by another kind of object fails with ERROR_INVALID_HANDLE', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, (c) => {
      c.CreateEvent(false, false, 'thing')
      out.push(c.CreateMutex(false, 'thing'), c.GetLastError())
      c.SetLastError(0)
      out.push(c.CreateSemaphore(0, 1, 'thing'), c.GetLastError())
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([0, ERROR_INVALID_HANDLE, 0, ERROR_INVALID_HANDLE])
  })

  test('unnamed objects are never shared', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, (c) => {
      const a = c.CreateEvent(true, false)
      c.SetLastError(0)
      c.CreateEvent(true, true)
      out.push(c.GetLastError(), c.WaitForSingleObject(a, 0) as number)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([0, WAIT_TIMEOUT])
  })
})

describe('last error', () => {
  test('SetLastError / GetLastError are per thread: another thread setting it between does not change mine', async () => {
    const r = await rig({ schedule: () => 0 })
    const log: string[] = []
    r.on(1, (c) => {
      for (const [name, code] of [
        ['a', 111],
        ['b', 222],
      ] as const) {
        c.CreateThread(async () => {
          c.SetLastError(code)
          await c.Sleep(0) // the other thread runs and sets its own
          log.push(`${name}=${c.GetLastError()}`)
        })
      }
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['a=111', 'b=222'])
  })

  test('each caller thread reports its own last error', async () => {
    const r = await rig()
    r.on(1, (c) => (c.SetLastError(5), false))
    r.on(2, (c) => (c.SetLastError(6), false))
    const t2 = r.app.createThread()
    const [x, y] = await Promise.all([r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0), t2.DeviceIoControl(r.h, 2, 0, 0, 0, 0)])
    expect([x.lastError, y.lastError]).toEqual([5, 6])
    expect([r.app.main.lastError, t2.lastError]).toEqual([5, 6])
  })

  test('a driver thread starts with last error 0', async () => {
    const r = await rig()
    let seen = -1
    r.on(1, async (c) => {
      c.SetLastError(77)
      const th = c.CreateThread(() => void (seen = c.GetLastError()))
      await c.WaitForSingleObject(th, INFINITE)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(seen).toBe(0)
  })
})
