// The scheduler: one thread at a time, switches only at blocking calls, the highest CE priority first, ties broken by
// the seed or an explicit schedule; test ops run synchronously when the machine is idle and settle at quiescence;
// virtual time moves only when nothing is ready (to the next timer) or when the test advances it.
import { describe, expect, test } from 'vitest'
import { INFINITE, type MachineOptions } from '../../src/index.js'
import { Rng } from '../../src/process/rng.js'
import { rig, settledSoon } from './rig.js'

/** IOCTL 1 creates one thread per name (all at priority `prio` unless given), each logging its name when it runs. */
async function racers(names: readonly string[], opts: MachineOptions = {}, prio: Record<string, number> = {}) {
  const r = await rig(opts)
  const order: string[] = []
  r.on(1, (c) => {
    for (const n of names) c.CreateThread(() => void order.push(n), 0, { name: n, ...(prio[n] !== undefined ? { priority: prio[n] } : {}) })
    return true
  })
  await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
  return { ...r, order }
}

describe('ops from test code', () => {
  test('an op on an idle machine runs synchronously, before the call even returns its promise', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, () => (log.push('ran'), true))
    const p = r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['ran'])
    expect((await p).ok).toBe(true)
  })

  test('threads an op makes ready do not run during the op, but have run when its promise settles (quiescence)', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, (c) => {
      c.CreateThread(() => void log.push('worker'))
      log.push('ioctl returns')
      return true
    })
    const p = r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['ioctl returns'])
    await p
    expect(log).toEqual(['ioctl returns', 'worker'])
  })

  test('an op settles only after the threads it woke have run, and no later than that', async () => {
    const r = await rig()
    const log: string[] = []
    let ev = 0
    r.on(1, (c) => {
      ev = c.CreateEvent(false, false)
      c.CreateThread(async () => {
        for (let i = 0; i < 3; i++) {
          await c.WaitForSingleObject(ev, INFINITE)
          log.push(`woken ${i}`)
        }
      })
      return true
    })
    r.on(2, (c) => c.SetEvent(ev))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual([])
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(log).toEqual(['woken 0'])
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(log).toEqual(['woken 0', 'woken 1'])
  })

  test('an op started while the machine is busy waits for the CPU instead of running synchronously', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, (c) => (c.CreateThread(() => void log.push('worker')), true))
    r.on(2, () => (log.push('second op'), true))
    const p1 = r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    // The worker is ready, so the machine is busy: the second op is queued like a ready thread.
    const p2 = r.app.createThread().DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(log).toEqual([])
    await Promise.all([p1, p2])
    expect(log.sort()).toEqual(['second op', 'worker'])
  })

  test('a pending op keeps the machine running: virtual time jumps to the next timer by itself', async () => {
    const r = await rig()
    r.on(1, async (c) => {
      await c.Sleep(500)
      await c.Sleep(250)
      return true
    })
    expect(r.m.now).toBe(0)
    expect((await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)).ok).toBe(true)
    expect(r.m.now).toBe(750)
  })

  test('with no op pending, time does not move by itself', async () => {
    const r = await rig()
    const log: number[] = []
    r.on(1, (c) => (c.CreateThread(async () => (await c.Sleep(100), void log.push(c.GetTickCount()))), true))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    // The op settled although the worker is still asleep: a thread blocked on a timer is not ready.
    for (let i = 0; i < 3; i++) await settledSoon(Promise.resolve())
    expect(r.m.now).toBe(0)
    expect(log).toEqual([])
  })
})

describe('run() and advance(ms)', () => {
  test('run() runs the ready threads without moving time, even with a timer pending', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, (c) => {
      c.CreateThread(async () => (await c.Sleep(10), void log.push('sleeper')))
      c.CreateThread(() => void log.push('ready'))
      return true
    })
    // Not awaited: the op ran synchronously and left two ready threads behind.
    const p = r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual([])
    await r.m.run()
    expect(log).toEqual(['ready'])
    expect(r.m.now).toBe(0)
    await p
    expect(r.m.now).toBe(0)
    expect(log).toEqual(['ready'])
  })

  test('advance(ms) moves exactly ms of virtual time and fires the timers due in that span, in time order', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, (c) => {
      for (const ms of [30, 10, 20, 45]) c.CreateThread(async () => (await c.Sleep(ms), void log.push(`${ms}@${c.GetTickCount()}`)))
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await r.m.advance(25)
    expect(r.m.now).toBe(25)
    expect(log).toEqual(['10@10', '20@20'])
    await r.m.advance(5)
    expect(r.m.now).toBe(30)
    expect(log).toEqual(['10@10', '20@20', '30@30'])
    await r.m.advance(0)
    expect(r.m.now).toBe(30)
    await r.m.advance(100)
    expect(r.m.now).toBe(130)
    expect(log).toEqual(['10@10', '20@20', '30@30', '45@45'])
  })

  test('advance rejects a negative or non-finite span', async () => {
    const r = await rig()
    await expect(r.m.advance(-1)).rejects.toThrow(/advance\(ms\)/)
    await expect(r.m.advance(Number.POSITIVE_INFINITY)).rejects.toThrow(/advance\(ms\)/)
    await expect(r.m.advance(Number.NaN)).rejects.toThrow(/advance\(ms\)/)
    expect(r.m.now).toBe(0)
  })

  test('machine.now is virtual ms and may be fractional; GetTickCount floors it', async () => {
    const r = await rig()
    const ticks: number[] = []
    r.on(1, (c) => (ticks.push(c.GetTickCount()), true))
    await r.m.advance(1.75)
    expect(r.m.now).toBe(1.75)
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await r.m.advance(0.5)
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(ticks).toEqual([1, 2])
  })
})

describe('switches happen only at blocking calls', () => {
  test('a thread that makes a higher-priority thread ready keeps running until it blocks', async () => {
    const r = await rig()
    const log: string[] = []
    r.on(1, async (c) => {
      const ev = c.CreateEvent(false, false)
      c.CreateThread(async () => (await c.WaitForSingleObject(ev, INFINITE), void log.push('urgent runs')), 0, { priority: 0 })
      await c.Sleep(0) // let it reach its wait
      c.SetEvent(ev)
      log.push('setter continues')
      c.GetTickCount()
      log.push('setter still running')
      await c.Sleep(0)
      log.push('setter after yield')
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['setter continues', 'setter still running', 'urgent runs', 'setter after yield'])
  })

  test('Sleep(0) yields to an equal-priority ready thread and comes back', async () => {
    const r = await rig({ schedule: () => 0 })
    const order: string[] = []
    r.on(1, (c) => {
      c.CreateThread(async () => {
        order.push('a1')
        await c.Sleep(0)
        order.push('a2')
      })
      c.CreateThread(() => void order.push('b'))
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(order).toEqual(['a1', 'b', 'a2'])
  })

  test('Sleep(0) does not give the CPU to a lower-priority thread, and costs no virtual time', async () => {
    const r = await rig()
    const order: string[] = []
    r.on(1, (c) => {
      c.CreateThread(() => void order.push('low'), 0, { priority: 200 })
      c.CreateThread(
        async () => {
          order.push('high 1')
          await c.Sleep(0)
          order.push('high 2')
        },
        0,
        { priority: 100 },
      )
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(order).toEqual(['high 1', 'high 2', 'low'])
    expect(r.m.now).toBe(0)
  })
})

describe('which ready thread runs', () => {
  test('the highest CE priority (lowest number) runs first, whatever the seed', async () => {
    for (const seed of [1, 2, 3, 99, 12345]) {
      const { order } = await racers(['p200', 'p100', 'p251', 'p0', 'p150'], { seed }, { p200: 200, p100: 100, p251: 251, p0: 0, p150: 150 })
      expect(order).toEqual(['p0', 'p100', 'p150', 'p200', 'p251'])
    }
  })

  test('CeSetThreadPriority before a thread runs changes when it runs; CeGetThreadPriority reads it back', async () => {
    const r = await rig({ schedule: () => 0 })
    const order: string[] = []
    let got = 0
    r.on(1, (c) => {
      c.CreateThread(() => void order.push('a'))
      const hb = c.CreateThread(() => void order.push('b'))
      expect(c.CeSetThreadPriority(hb, 7)).toBe(true)
      got = c.CeGetThreadPriority(hb)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(got).toBe(7)
    expect(order).toEqual(['b', 'a'])
  })

  test('ties follow the seed: the same seed gives the same order, and it is the order Rng(seed) picks', async () => {
    const names = ['A', 'B', 'C', 'D']
    const seen = new Set<string>()
    for (let seed = 1; seed <= 12; seed++) {
      const first = (await racers(names, { seed })).order
      const again = (await racers(names, { seed })).order
      expect(again).toEqual(first)
      // The choice among equals is rng.below(candidates) over the ready list in the order threads became ready.
      const rng = new Rng(seed)
      const pool = [...names]
      const predicted: string[] = []
      while (pool.length) predicted.push(pool.splice(pool.length === 1 ? 0 : rng.below(pool.length), 1)[0]!)
      expect(first).toEqual(predicted)
      seen.add(first.join(''))
    }
    expect(seen.size).toBeGreaterThan(3)
  })

  test('a schedule array picks among equals by index (modulo the candidates), then the seed takes over', async () => {
    expect((await racers(['A', 'B', 'C'], { schedule: [2, 1] })).order).toEqual(['C', 'B', 'A'])
    expect((await racers(['A', 'B', 'C'], { schedule: [0, 0] })).order).toEqual(['A', 'B', 'C'])
    expect((await racers(['A', 'B', 'C'], { schedule: [5, 3] })).order).toEqual(['C', 'B', 'A'])
    for (const seed of [1, 7, 42]) {
      const rng = new Rng(seed)
      const rest = ['A', 'C']
      const second = rest[rng.below(2)]!
      const third = rest.find((x) => x !== second)!
      expect((await racers(['A', 'B', 'C'], { schedule: [1], seed })).order).toEqual(['B', second, third])
    }
  })

  test('a schedule index is used only where there is a choice: a lone ready thread does not consume one', async () => {
    const r = await rig({ schedule: [1, 0] })
    const order: string[] = []
    r.on(1, (c) => (c.CreateThread(() => void order.push('solo')), true))
    r.on(2, (c) => {
      for (const n of ['x', 'y']) c.CreateThread(() => void order.push(n))
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await r.app.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    expect(order).toEqual(['solo', 'y', 'x'])
  })

  test('a schedule function sees the equally ranked ready threads and picks one', async () => {
    const seen: string[][] = []
    const { order } = await racers(['A', 'B', 'C'], {
      schedule: (ready) => {
        seen.push(ready.map((t) => t.name))
        return ready.length - 1
      },
    })
    expect(order).toEqual(['C', 'B', 'A'])
    expect(seen).toEqual([
      ['A', 'B', 'C'],
      ['A', 'B'],
    ])
  })

  test('a schedule function only ever sees the best priority', async () => {
    const seen: number[][] = []
    await racers(['lo1', 'hi1', 'lo2', 'hi2'], { schedule: (ready) => (seen.push(ready.map((t) => t.priority)), 0) }, { lo1: 200, lo2: 200, hi1: 50, hi2: 50 })
    expect(seen).toEqual([
      [50, 50],
      [200, 200],
    ])
  })
})
