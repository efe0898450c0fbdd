// Hangs: the step budget, an op blocked forever, an op blocked past hangTimeout, driver code awaiting something that
// is not a kernel object, and livelock. Each is reported as a HangError naming the driver, the entry point and the
// frames; the machine stays usable.
import { describe, expect, test } from 'vitest'
import { Ev, HangError, INFINITE, WAIT_OBJECT_0 } from '../../src/index.js'
import { rig, settledSoon, turn } from './rig.js'

const LOOP = 1
const OK = 2
const SETUP = 3

const hangOf = async (p: Promise<unknown>): Promise<HangError> => {
  const e = await p.then(
    () => {
      throw new Error('expected the call to hang')
    },
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(HangError)
  return e as HangError
}

describe('step budget', () => {
  async function looper(stepBudget = 1000) {
    const r = await rig({ stepBudget })
    r.on(LOOP, (c, io) => {
      for (;;) c.mem.readU32(io.pIn)
    })
    r.on(OK, () => true)
    return r
  }

  test('a driver that never yields gets a HangError naming the driver, the entry point and its frames', async () => {
    const r = await looper()
    const err = await hangOf(r.app.ioctl(r.h, LOOP, [1, 2, 3, 4]))
    expect(err.driver).toBe('tst.dll')
    expect(err.entry).toBe('IOControl')
    expect(err.why).toMatch(/step budget/)
    expect(err.stack_.frames).toEqual(['tst.dll!TST_IOControl', 'DeviceIoControl', 'app.exe'])
    expect(err.stack_.js).toMatch(/hangs\.test\.ts/) // the driver's own source line
    expect(err.message).toMatch(/tst\.dll!IOControl/)
  })

  test('the machine stays usable: the hang is in machine.hangs and the trace, and later calls work', async () => {
    const r = await looper()
    const err = await hangOf(r.app.ioctl(r.h, LOOP, [1, 2, 3, 4]))
    expect(r.m.hangs).toEqual([err])
    const hangs = r.m.trace.events().filter((e) => e.kind === Ev.Hang)
    expect(hangs).toHaveLength(1)
    expect(hangs[0]!.detail).toMatchObject({ driver: 'tst.dll', entry: 'IOControl', frames: err.stack_.frames })
    // The same caller thread makes the next call, with a fresh budget.
    expect((await r.app.DeviceIoControl(r.h, OK, 0, 0, 0, 0)).ok).toBe(true)
    const b = await r.proc('b.exe')
    expect((await b.p.DeviceIoControl(b.h, OK, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.bugcheck).toBeNull()
  })

  test('the budget counts steps per activation: blocking resets it', async () => {
    const r = await rig({ stepBudget: 1000 })
    r.on(LOOP, async (c, io) => {
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 900; i++) c.mem.readU32(io.pIn)
        await c.Sleep(round % 2) // Sleep(0) and Sleep(1) both end the activation
      }
      return true
    })
    expect((await r.app.ioctl(r.h, LOOP, [1, 2, 3, 4])).ok).toBe(true)
    expect(r.m.hangs).toEqual([])
  })

  test('kernel API calls count as steps too', async () => {
    const r = await rig({ stepBudget: 50 })
    r.on(LOOP, (c) => {
      for (;;) c.GetTickCount()
    })
    expect((await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))).why).toMatch(/step budget/)
  })

  test('a driver that catches the HangError keeps getting it on every later step, and it is reported once', async () => {
    const r = await rig({ stepBudget: 100 })
    const caught: string[] = []
    r.on(LOOP, (c, io) => {
      for (let i = 0; i < 4; i++) {
        try {
          for (;;) c.mem.readU32(io.pIn)
        } catch (e) {
          caught.push((e as Error).name)
        }
      }
      try {
        c.GetTickCount()
      } catch (e) {
        caught.push(`api: ${(e as Error).name}`)
      }
      return true
    })
    await r.app.ioctl(r.h, LOOP, [1, 2, 3, 4])
    expect(caught).toEqual(['HangError', 'HangError', 'HangError', 'HangError', 'api: HangError'])
    expect(r.m.hangs).toHaveLength(1)
  })

  test("a driver thread over budget is hung, not a bugcheck; its handle is signalled", async () => {
    const r = await rig({ stepBudget: 200 })
    const log: string[] = []
    r.on(LOOP, async (c) => {
      const th = c.CreateThread(
        () => {
          for (;;) c.GetTickCount()
        },
        0,
        { name: 'spinner' },
      )
      log.push(`joined ${await c.WaitForSingleObject(th, INFINITE)}`)
      return true
    })
    expect((await r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)).ok).toBe(true)
    expect(log).toEqual([`joined ${WAIT_OBJECT_0}`])
    expect(r.m.bugcheck).toBeNull()
    expect(r.m.hangs.map((h) => [h.driver, h.entry])).toEqual([['tst.dll', 'spinner']])
  })
})

describe('an op blocked forever', () => {
  async function blocker() {
    const r = await rig()
    let ev = 0
    r.on(SETUP, (c) => ((ev = c.CreateEvent(false, false)), true))
    r.on(LOOP, async (c) => (await c.WaitForSingleObject(ev, INFINITE)) === WAIT_OBJECT_0)
    r.on(OK, (c) => c.SetEvent(ev))
    await r.app.DeviceIoControl(r.h, SETUP, 0, 0, 0, 0)
    return r
  }

  test('with no thread ready and no timer pending it is a hang, reported after one macrotask turn', async () => {
    const r = await blocker()
    await turn() // start from a quiet event loop
    const p = r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)
    const outcome = p.catch((e: unknown) => e)
    expect(await settledSoon(p)).toBe(false) // the test's turn: it could still inject what the call waits for
    await turn()
    const err = (await outcome) as HangError
    expect(err).toBeInstanceOf(HangError)
    expect(err.why).toMatch(/blocked forever/)
    expect([err.driver, err.entry]).toEqual(['tst.dll', 'IOControl'])
    expect(err.stack_.frames[0]).toBe('tst.dll!TST_IOControl')
    expect(r.m.now).toBe(0)
    expect(r.m.hangs).toEqual([err])
  })

  test('within that turn, test code may start another call that unblocks it', async () => {
    const r = await blocker()
    await turn()
    const p = r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)
    await turn()
    const q = r.app.createThread().DeviceIoControl(r.h, OK, 0, 0, 0, 0)
    expect((await p).ok).toBe(true)
    expect((await q).ok).toBe(true)
    expect(r.m.hangs).toEqual([])
  })

  test('the grace turn is a full turn even right after an op that yielded', async () => {
    const r = await blocker()
    r.on(SETUP + 1, async (c) => (await c.Sleep(0), true))
    await turn()
    await r.app.DeviceIoControl(r.h, SETUP + 1, 0, 0, 0, 0) // settles in microtasks; its setImmediate stays queued
    const p = r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)
    await turn()
    const q = r.app.createThread().DeviceIoControl(r.h, OK, 0, 0, 0, 0)
    expect((await p).ok).toBe(true)
    expect((await q).ok).toBe(true)
  })

  test('afterwards the hung thread is off the wait queue and its caller thread makes calls again', async () => {
    const r = await blocker()
    await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    // The same thread waits again; a SetEvent now must go to this new wait, not to the abandoned one.
    const again = r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)
    const setter = r.app.createThread().DeviceIoControl(r.h, OK, 0, 0, 0, 0)
    expect((await again).ok).toBe(true)
    expect((await setter).ok).toBe(true)
    expect(r.m.hangs).toHaveLength(1)
  })
})

describe('an op blocked with timers pending', () => {
  test('is reported after hangTimeout of virtual time', async () => {
    const r = await rig({ hangTimeout: 1000 })
    r.on(LOOP, async (c) => {
      await c.WaitForSingleObject(c.CreateEvent(false, false), 5000)
      return true
    })
    await r.m.advance(10)
    const err = await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    expect(err.why).toMatch(/hangTimeout/)
    expect(err.why).toMatch(/1000 ms/)
    expect(r.m.now).toBe(1010)
  })

  test('timers of other threads keep firing meanwhile, but do not save it', async () => {
    const r = await rig({ hangTimeout: 1000 })
    const ticks: number[] = []
    r.on(SETUP, (c) => {
      c.CreateThread(async () => {
        for (;;) {
          await c.Sleep(300)
          ticks.push(c.GetTickCount())
        }
      })
      return true
    })
    r.on(LOOP, async (c) => (await c.WaitForSingleObject(c.CreateEvent(false, false), INFINITE), true))
    await r.app.DeviceIoControl(r.h, SETUP, 0, 0, 0, 0)
    const err = await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    expect(err.why).toMatch(/hangTimeout/)
    expect(r.m.now).toBe(1000)
    expect(ticks).toEqual([300, 600, 900])
  })

  test('an op that finishes exactly at hangTimeout is not a hang', async () => {
    const r = await rig({ hangTimeout: 1000 })
    r.on(LOOP, async (c) => (await c.Sleep(1000), true))
    expect((await r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.now).toBe(1000)
  })
})

describe('awaiting something that is not a kernel object', () => {
  test('a promise nothing resolves is a hang', async () => {
    const r = await rig()
    r.on(LOOP, async () => {
      await new Promise(() => {})
      return true
    })
    r.on(OK, () => true)
    const err = await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    expect(err.why).toMatch(/not a kernel object/)
    expect([err.driver, err.entry]).toEqual(['tst.dll', 'IOControl'])
    expect((await r.app.DeviceIoControl(r.h, OK, 0, 0, 0, 0)).ok).toBe(true)
  })

  test('a real timer is a hang', async () => {
    const r = await rig()
    const after: string[] = []
    r.on(LOOP, async (c) => {
      await new Promise((res) => setTimeout(res, 20))
      try {
        c.GetTickCount()
        after.push('kernel call worked')
      } catch (e) {
        after.push((e as Error).name)
      }
      return true
    })
    const err = await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    expect(err.why).toMatch(/not a kernel object/)
    await new Promise((res) => setTimeout(res, 30))
    // When the real timer fires, the driver code runs outside any simulated thread: its kernel calls are refused.
    expect(after).toEqual(['UsageError'])
  })


  test('awaiting already-resolved promises is fine: only microtasks, nothing to wait for', async () => {
    const r = await rig()
    r.on(LOOP, async (c) => {
      for (let i = 0; i < 20; i++) await Promise.resolve(i)
      await null
      c.GetTickCount()
      return true
    })
    expect((await r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.hangs).toEqual([])
  })
})

describe('livelock', () => {
  test('a thread that only ever yields is reported after maxActivations', async () => {
    const r = await rig({ maxActivations: 300 })
    let yields = 0
    r.on(LOOP, async (c) => {
      for (;;) {
        await c.Sleep(0)
        yields++
      }
    })
    const err = await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    expect(err.why).toMatch(/livelock/)
    expect(yields).toBeGreaterThan(250)
    expect(yields).toBeLessThanOrEqual(300)
    expect(r.m.now).toBe(0)
  })

  test('two threads waking each other forever without time moving are reported', async () => {
    const r = await rig({ maxActivations: 500 })
    let rounds = 0
    r.on(LOOP, async (c) => {
      const ping = c.CreateEvent(false, false)
      const pong = c.CreateEvent(false, false)
      c.CreateThread(async () => {
        for (;;) {
          await c.WaitForSingleObject(ping, INFINITE)
          c.SetEvent(pong)
        }
      })
      for (;;) {
        c.SetEvent(ping)
        await c.WaitForSingleObject(pong, INFINITE)
        rounds++
      }
    })
    r.on(OK, () => true)
    await hangOf(r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0))
    expect(r.m.hangs.some((h) => /livelock/.test(h.why))).toBe(true)
    expect(rounds).toBeGreaterThan(100)
    expect(r.m.now).toBe(0)
    expect((await r.app.DeviceIoControl(r.h, OK, 0, 0, 0, 0)).ok).toBe(true)
  })

  test('activations interleaved with time moving are not a livelock', async () => {
    const r = await rig({ maxActivations: 50 })
    r.on(LOOP, async (c) => {
      for (let i = 0; i < 200; i++) await c.Sleep(i % 10 === 9 ? 1 : 0)
      return true
    })
    expect((await r.app.DeviceIoControl(r.h, LOOP, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.now).toBe(20)
  })
})
