// Waits: timeouts in virtual time, WaitForMultipleObjects (any / all), thread handles, invalid handles.
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, INFINITE, WAIT_FAILED, WAIT_OBJECT_0, WAIT_TIMEOUT } from '../../src/index.js'
import { rig } from './rig.js'

describe('timeouts', () => {
  test('a wait that is never satisfied returns WAIT_TIMEOUT exactly after its timeout, in virtual time', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, async (c) => {
      const ev = c.CreateEvent(false, false)
      const t0 = c.GetTickCount()
      out.push((await c.WaitForSingleObject(ev, 50)) as number, c.GetTickCount() - t0)
      out.push((await c.WaitForMultipleObjects([ev, ev], false, 7)) as number, c.GetTickCount() - t0)
      return true
    })
    await r.m.advance(3)
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([WAIT_TIMEOUT, 50, WAIT_TIMEOUT, 57])
    expect(r.m.now).toBe(60)
  })

  test('a zero timeout polls: WAIT_TIMEOUT at once, without blocking and without time passing', async () => {
    const r = await rig()
    let res: unknown
    r.on(1, (c) => ((res = c.WaitForSingleObject(c.CreateEvent(true, false), 0)), true))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(res).toBe(WAIT_TIMEOUT)
    expect(r.m.now).toBe(0)
  })

  test('a wait satisfied before its timeout returns WAIT_OBJECT_0 then, and its timer never fires later', async () => {
    const r = await rig()
    const log: string[] = []
    let ev2 = 0
    r.on(1, (c) => {
      const ev = c.CreateEvent(false, false)
      ev2 = c.CreateEvent(false, false)
      c.CreateThread(async () => {
        log.push(`first ${await c.WaitForSingleObject(ev, 100)} at ${c.GetTickCount()}`)
        // If the first wait's timer were still armed it would end this wait at t=100 with WAIT_TIMEOUT.
        log.push(`second ${await c.WaitForSingleObject(ev2, INFINITE)} at ${c.GetTickCount()}`)
      })
      c.CreateThread(async () => {
        await c.Sleep(30)
        c.SetEvent(ev)
      })
      return true
    })
    r.on(2, (c) => c.SetEvent(ev2))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await r.m.advance(500)
    expect(log).toEqual(['first 0 at 30'])
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(log).toEqual(['first 0 at 30', 'second 0 at 500'])
  })

  test('a timed-out waiter is off the queue: a later SetEvent goes to the next waiter, or stays set', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, async (c) => {
      const ev = c.CreateEvent(false, false)
      log.push(`timed ${await c.WaitForSingleObject(ev, 10)}`)
      c.SetEvent(ev)
      log.push(`poll ${c.WaitForSingleObject(ev, 0)}`)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual([`timed ${WAIT_TIMEOUT}`, `poll ${WAIT_OBJECT_0}`])
  })

  test('Sleep(n) resumes exactly n virtual ms later; Sleep(INFINITE) never returns', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, async (c) => {
      c.CreateThread(async () => {
        await c.Sleep(INFINITE)
        log.push('never')
      })
      await c.Sleep(40)
      log.push(`slept to ${c.GetTickCount()}`)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await r.m.advance(1e6)
    expect(log).toEqual(['slept to 40'])
  })
})

describe('WaitForMultipleObjects', () => {
  test('wait-any returns the lowest signalled index and consumes only that object', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, (c) => {
      const ev = [c.CreateEvent(false, false), c.CreateEvent(false, true), c.CreateEvent(false, true)]
      out.push(c.WaitForMultipleObjects(ev, false, 0) as number)
      out.push(c.WaitForMultipleObjects(ev, false, 0) as number)
      out.push(c.WaitForMultipleObjects(ev, false, 0) as number)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([WAIT_OBJECT_0 + 1, WAIT_OBJECT_0 + 2, WAIT_TIMEOUT])
  })

  test('a blocked wait-any wakes with the index of the object that was signalled', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, async (c) => {
      const ev = [c.CreateEvent(false, false), c.CreateEvent(false, false), c.CreateEvent(false, false)]
      c.CreateThread(async () => {
        await c.Sleep(5)
        c.SetEvent(ev[2]!)
      })
      out.push((await c.WaitForMultipleObjects(ev, false, INFINITE)) as number)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([WAIT_OBJECT_0 + 2])
  })

  test('wait-all blocks until every object is signalled, consumes nothing meanwhile, then consumes all', async () => {
    const r = await rig()
    const log: string[] = []
    let e0 = 0
    let e1 = 0
    r.on(1, (c) => {
      e0 = c.CreateEvent(false, false)
      e1 = c.CreateEvent(false, false)
      c.CreateThread(async () => void log.push(`all ${await c.WaitForMultipleObjects([e0, e1], true, INFINITE)}`))
      return true
    })
    r.on(2, (c) => c.SetEvent(e0))
    r.on(3, (c) => c.SetEvent(e1))
    r.on(4, (c) => (log.push(`poll ${c.WaitForSingleObject(e0, 0)} ${c.WaitForSingleObject(e1, 0)}`), true))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(log).toEqual([])
    await r.app.DeviceIoControl(r.h, 3, 0, 0, 0, 0)
    expect(log).toEqual(['all 0'])
    await r.app.DeviceIoControl(r.h, 4, 0, 0, 0, 0)
    expect(log).toEqual(['all 0', `poll ${WAIT_TIMEOUT} ${WAIT_TIMEOUT}`])
  })

  test('a partly satisfied wait-all leaves the signalled object for others: a single wait on it succeeds', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, async (c) => {
      const e0 = c.CreateEvent(false, true)
      const e1 = c.CreateEvent(false, false)
      out.push((await c.WaitForMultipleObjects([e0, e1], true, 20)) as number)
      out.push(c.WaitForSingleObject(e0, 0) as number)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([WAIT_TIMEOUT, WAIT_OBJECT_0])
    expect(r.m.now).toBe(20)
  })

  test('no handles, or more than MAXIMUM_WAIT_OBJECTS, is WAIT_FAILED with ERROR_INVALID_PARAMETER', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, (c) => {
      const ev = c.CreateEvent(true, true)
      out.push(c.WaitForMultipleObjects([], false, 0) as number, c.GetLastError())
      c.SetLastError(0)
      out.push(c.WaitForMultipleObjects(Array(65).fill(ev), false, 0) as number, c.GetLastError())
      out.push(c.WaitForMultipleObjects(Array(64).fill(ev), true, 0) as number)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([WAIT_FAILED, ERROR_INVALID_PARAMETER, WAIT_FAILED, ERROR_INVALID_PARAMETER, WAIT_OBJECT_0])
  })
})

describe('handles that cannot be waited on', () => {
  test('an unknown, closed or non-waitable handle gives WAIT_FAILED and ERROR_INVALID_HANDLE', async () => {
    const r = await rig()
    const out: number[] = []
    r.on(1, async (c) => {
      c.SetLastError(0)
      out.push((await c.WaitForSingleObject(0x7fff0, INFINITE)) as number, c.GetLastError())
      const ev = c.CreateEvent(true, true)
      expect(await c.CloseHandle(ev)).toBe(true)
      c.SetLastError(0)
      out.push((await c.WaitForSingleObject(ev, INFINITE)) as number, c.GetLastError())
      const file = await c.CreateFile('TST1:', 0)
      expect(file).not.toBe(0xffffffff)
      c.SetLastError(0)
      out.push((await c.WaitForSingleObject(file, INFINITE)) as number, c.GetLastError())
      const good = c.CreateEvent(true, true)
      c.SetLastError(0)
      out.push((await c.WaitForMultipleObjects([good, 0x7fff0], false, INFINITE)) as number, c.GetLastError())
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual(Array(4).fill([WAIT_FAILED, ERROR_INVALID_HANDLE]).flat())
  })
})

describe('thread handles', () => {
  test('a thread handle is signalled when the thread ends, and stays signalled', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, async (c) => {
      const th = c.CreateThread(async () => {
        await c.Sleep(25)
        log.push('worker done')
      })
      log.push(`poll ${c.WaitForSingleObject(th, 0)}`)
      log.push(`join ${await c.WaitForSingleObject(th, INFINITE)} at ${c.GetTickCount()}`)
      log.push(`again ${c.WaitForSingleObject(th, 0)}`)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual([`poll ${WAIT_TIMEOUT}`, 'worker done', 'join 0 at 25', 'again 0'])
  })

  test('wait-all on several thread handles returns when the last one ends', async () => {
    const r = await rig()
    let at = -1
    r.on(1, async (c) => {
      const ths = [40, 10, 25].map((ms) => c.CreateThread(async () => void (await c.Sleep(ms))))
      await c.WaitForMultipleObjects(ths, true, INFINITE)
      at = c.GetTickCount()
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(at).toBe(40)
  })
})
