// Events: auto-reset and manual-reset, SetEvent / ResetEvent / PulseEvent, and how many waiters each releases.
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_HANDLE, INFINITE, WAIT_OBJECT_0, WAIT_TIMEOUT, type DriverContext } from '../../src/index.js'
import { rig } from './rig.js'

const SETUP = 1
const ACT = 2

/**
 * IOCTL SETUP creates the event and `waiters` threads that each wait on it once (in creation order: the schedule
 * always takes the first ready thread) and log "name=result". IOCTL ACT runs `act` on the event.
 */
async function eventRig(manualReset: boolean, initial: boolean, waiters: number, act: (c: DriverContext, ev: number) => void) {
  const r = await rig({ schedule: () => 0 })
  const log: string[] = []
  let ev = 0
  r.on(SETUP, (c) => {
    ev = c.CreateEvent(manualReset, initial)
    for (let i = 0; i < waiters; i++) {
      const name = `w${i}`
      c.CreateThread(async () => void log.push(`${name}=${await c.WaitForSingleObject(ev, INFINITE)}`), 0, { name })
    }
    return true
  })
  r.on(ACT, (c) => (act(c, ev), true))
  /** Probe the event's state from a driver thread: a zero-timeout wait (which consumes an auto-reset signal). */
  const probe = async (): Promise<number> => {
    let res = -1
    r.on(9, (c) => ((res = c.WaitForSingleObject(ev, 0) as number), true))
    await r.app.DeviceIoControl(r.h, 9, 0, 0, 0, 0)
    return res
  }
  await r.app.DeviceIoControl(r.h, SETUP, 0, 0, 0, 0)
  const act_ = () => r.app.DeviceIoControl(r.h, ACT, 0, 0, 0, 0)
  return { ...r, log, act: act_, probe, ev: () => ev }
}

describe('auto-reset events', () => {
  test('SetEvent releases exactly one waiter, the one that waited first, and the event is reset again', async () => {
    const e = await eventRig(false, false, 3, (c, ev) => c.SetEvent(ev))
    expect(e.log).toEqual([])
    await e.act()
    expect(e.log).toEqual(['w0=0'])
    await e.act()
    expect(e.log).toEqual(['w0=0', 'w1=0'])
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })

  test('SetEvent with nobody waiting leaves it signalled until one wait consumes it', async () => {
    const e = await eventRig(false, false, 0, (c, ev) => c.SetEvent(ev))
    await e.act()
    await e.act() // setting a set event does not count twice
    expect(await e.probe()).toBe(WAIT_OBJECT_0)
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })

  test('an initially signalled event satisfies the first wait at once, then blocks the next', async () => {
    const e = await eventRig(false, true, 2, () => {})
    expect(e.log).toEqual(['w0=0'])
  })

  test('a satisfied wait does not block: it returns the result itself, not a promise', async () => {
    const r = await rig()
    let direct: unknown
    r.on(1, (c) => {
      const ev = c.CreateEvent(false, true)
      direct = c.WaitForSingleObject(ev, INFINITE)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(direct).toBe(WAIT_OBJECT_0)
  })

  test('PulseEvent releases one waiter and leaves the event reset', async () => {
    const e = await eventRig(false, false, 2, (c, ev) => c.PulseEvent(ev))
    await e.act()
    expect(e.log).toEqual(['w0=0'])
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })

  test('PulseEvent with nobody waiting is lost', async () => {
    const e = await eventRig(false, false, 0, (c, ev) => c.PulseEvent(ev))
    await e.act()
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })

  test('ResetEvent clears a pending signal', async () => {
    const e = await eventRig(false, false, 0, (c, ev) => {
      c.SetEvent(ev)
      c.ResetEvent(ev)
    })
    await e.act()
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })
})

describe('manual-reset events', () => {
  test('SetEvent releases every waiter and stays signalled for later waits until ResetEvent', async () => {
    const e = await eventRig(true, false, 3, (c, ev) => c.SetEvent(ev))
    await e.act()
    expect(e.log).toEqual(['w0=0', 'w1=0', 'w2=0'])
    expect(await e.probe()).toBe(WAIT_OBJECT_0)
    expect(await e.probe()).toBe(WAIT_OBJECT_0)
    e.on(7, (c) => c.ResetEvent(e.ev()))
    await e.app.DeviceIoControl(e.h, 7, 0, 0, 0, 0)
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })

  test('PulseEvent releases every current waiter, then resets', async () => {
    const e = await eventRig(true, false, 3, (c, ev) => c.PulseEvent(ev))
    await e.act()
    expect(e.log).toEqual(['w0=0', 'w1=0', 'w2=0'])
    expect(await e.probe()).toBe(WAIT_TIMEOUT)
  })

  test('an initially signalled manual-reset event lets every waiter through', async () => {
    const e = await eventRig(true, true, 3, () => {})
    expect(e.log).toEqual(['w0=0', 'w1=0', 'w2=0'])
  })
})

describe('event handles', () => {
  test('SetEvent, ResetEvent and PulseEvent on a handle that is not an event fail with ERROR_INVALID_HANDLE', async () => {
    const r = await rig()
    const res: [boolean, number][] = []
    r.on(1, (c) => {
      const mx = c.CreateMutex(false)
      for (const f of [c.SetEvent, c.ResetEvent, c.PulseEvent]) {
        c.SetLastError(0)
        res.push([f.call(c, mx), c.GetLastError()])
        c.SetLastError(0)
        res.push([f.call(c, 0x7ff0), c.GetLastError()])
      }
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(res).toEqual(Array(6).fill([false, ERROR_INVALID_HANDLE]))
  })
})
