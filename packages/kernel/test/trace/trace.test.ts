// The trace: compact events in a ring, subscriptions by kind, readable formatting.
import { describe, expect, test } from 'vitest'
import { Ev, Trace, createMachine, type TraceEvent } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const clock = { now: 0, current: null as { id: number } | null }

describe('Trace', () => {
  test('events carry kind, time, thread and four numbers; the ring keeps the newest `capacity`', () => {
    const t = new Trace(clock, 16)
    for (let i = 0; i < 20; i++) {
      clock.now = i
      clock.current = { id: 7 }
      t.emit(Ev.MemRead, i, 4, 1, 2)
    }
    expect(t.count).toBe(20)
    expect(t.capacity).toBe(16)
    expect(t.get(3)).toBeUndefined()
    expect(t.events().map((e) => e.a)).toEqual([...Array(16).keys()].map((i) => i + 4))
    expect(t.get(19)).toMatchObject({ seq: 19, kind: Ev.MemRead, type: 'mem-read', time: 19, tid: 7, a: 19, b: 4, c: 1, d: 2 })
  })

  test('a large ring is allocated as it fills: events keep their numbers, details and times across the growth', () => {
    const t = new Trace(clock, 1 << 13)
    for (let i = 0; i < 10_000; i++) {
      clock.now = i
      t.emit(Ev.Note, i, 0, 0, 0, i % 1000 === 0 || i === 1024 || i === 4096 ? `note ${i}` : undefined) // 1024, 4096: the ring grows
    }
    expect(t.capacity).toBe(1 << 13)
    const kept = t.events()
    expect(kept).toHaveLength(1 << 13)
    expect(kept[0]).toMatchObject({ seq: 10_000 - (1 << 13), a: 10_000 - (1 << 13), time: 10_000 - (1 << 13) })
    expect(t.get(2000)).toMatchObject({ a: 2000, detail: 'note 2000' })
    expect([t.get(4096)?.detail, t.get(4095)?.detail, t.get(4097)?.detail]).toEqual(['note 4096', undefined, undefined])
    expect(t.get(9999)).toMatchObject({ a: 9999, detail: undefined })
    expect(t.get(1000)).toBeUndefined()
  })

  test('eachRaw walks the same events as events(), as raw words, across growth and wrap', () => {
    for (const [cap, n] of [[16, 20], [1 << 13, 3000], [1 << 11, 5000]] as const) {
      const t = new Trace(clock, cap)
      for (let i = 0; i < n; i++) {
        clock.current = { id: i & 3 }
        t.emit(i % 2 ? Ev.MemRead : Ev.Note, i, 0xffffffff - i, i * 3, -1)
      }
      const raw: number[][] = []
      t.eachRaw((kind, a, b, c, d, seq, tid) => void raw.push([kind, a, b, c, d, seq, tid]))
      expect(raw).toEqual(t.events().map((e) => [e.kind, e.a, e.b, e.c, e.d, e.seq, e.tid]))
      const from: number[] = []
      t.eachRaw((_k, _a, _b, _c, _d, seq) => void from.push(seq), n - 3)
      expect(from).toEqual([n - 3, n - 2, n - 1])
    }
  })

  test('fingerprint(): FNV-1a over the kind and words of each kept event, as a pass over eachRaw computes it', () => {
    const reference = (t: Trace): string => {
      let h = 0x811c9dc5
      t.eachRaw((kind, a, b, c, d) => {
        for (const x of [kind, a, b, c, d]) h = Math.imul(h ^ x, 0x01000193) >>> 0
      })
      return h.toString(16).padStart(8, '0')
    }
    for (const [cap, n] of [[16, 40], [1 << 12, 3000]] as const) {
      const t = new Trace(clock, cap)
      for (let i = 0; i < n; i++) t.emit(i % 3 ? Ev.MemRead : Ev.Note, 0x80000000 + i, 0xffffffff - i, i, -1)
      expect(t.fingerprint()).toBe(reference(t))
    }
    const a = new Trace(clock)
    const b = new Trace(clock)
    a.emit(Ev.Note, 1, 2, 3, 4)
    b.emit(Ev.Note, 1, 2, 3, 5)
    expect(a.fingerprint()).not.toBe(b.fingerprint())
  })

  test('subscribers get only the kinds they asked for, synchronously, and can unsubscribe', () => {
    const t = new Trace(clock)
    const got: TraceEvent[] = []
    const off = t.subscribe((e) => got.push(e), [Ev.Fault])
    t.emit(Ev.MemRead, 1, 1, 0, 0)
    t.emit(Ev.Fault, 0x10, 1, 1, 1, 'page not committed')
    expect(got.map((e) => [e.type, e.detail])).toEqual([['fault', 'page not committed']])
    off()
    t.emit(Ev.Fault, 0x20, 0, 1, 1)
    expect(got).toHaveLength(1)
  })

  test('a listener added or removed while an event is delivered changes the next events, not that one', () => {
    const t = new Trace(clock)
    const got: string[] = []
    let offB: () => void = () => {}
    const offA = t.subscribe((e) => {
      got.push(`a${e.a}`)
      if (e.a === 1) offB = t.subscribe((e2) => void got.push(`b${e2.a}`), [Ev.Note])
      if (e.a === 2) offA()
    }, [Ev.Note])
    t.emit(Ev.Note, 1, 0, 0, 0)
    t.emit(Ev.Note, 2, 0, 0, 0)
    t.emit(Ev.Note, 3, 0, 0, 0)
    offB()
    t.emit(Ev.Note, 4, 0, 0, 0)
    expect(got).toEqual(['a1', 'a2', 'b2', 'b3'])
  })

  test('release() empties the trace and turns it off; the next trace reuses its ring and sees only its own events', () => {
    const a = new Trace(clock, 1 << 12)
    for (let i = 0; i < 3000; i++) a.emit(Ev.Note, i, i, i, i, i === 5 ? 'old detail' : undefined)
    a.release()
    expect([a.count, a.events(), a.get(5), a.emit(Ev.Note, 1, 1, 1, 1)]).toEqual([0, [], undefined, -1])
    a.release() // twice is harmless
    const b = new Trace(clock, 1 << 12)
    for (let i = 0; i < 10; i++) b.emit(Ev.MemRead, 100 + i, 4, 0, 0)
    expect(b.events().map((e) => [e.seq, e.kind, e.a, e.detail])).toEqual([...Array(10).keys()].map((i) => [i, Ev.MemRead, 100 + i, undefined]))
    const raw: number[] = []
    b.eachRaw((_k, x) => void raw.push(x))
    expect(raw).toEqual([...Array(10).keys()].map((i) => 100 + i))
  })

  test('an event without detail in a slot an older event with detail held has none; record() is emit() with none', () => {
    const t = new Trace(clock, 16)
    const raw: number[][] = []
    const decoded: unknown[][] = []
    t.subscribeRaw((kind, a, b, c, d, seq, tid) => void raw.push([kind, a, b, c, d, seq, tid]), [Ev.MemRead])
    t.subscribe((e) => void decoded.push([e.seq, e.a, e.detail]), [Ev.MemRead, Ev.Note])
    clock.current = { id: 3 }
    t.emit(Ev.Note, 1, 0, 0, 0, 'first note') // slot 0
    for (let i = 1; i < 16; i++) t.emit(Ev.Note, i, 0, 0, 0)
    t.record(Ev.MemRead, 3, 0x80001000, 1, -1, 0xffffffff) // seq 16: slot 0 again
    t.emit(Ev.Note, 17, 0, 0, 0, 'second note') // slot 1
    expect([t.get(16)?.detail, t.detail(16), t.get(17)?.detail, t.detail(17)]).toEqual([undefined, undefined, 'second note', 'second note'])
    expect(raw).toEqual([[Ev.MemRead, 0x80001000, 1, 0xffffffff, 0xffffffff, 16, 3]])
    expect(decoded.slice(0, 1).concat(decoded.slice(-2))).toEqual([[0, 1, 'first note'], [16, 0x80001000, undefined], [17, 17, 'second note']])
    clock.current = null
  })

  test('Machine.dispose() releases the trace once the machine is shut down', async () => {
    const m = createMachine()
    m.createProcess('app.exe')
    await m.shutdown()
    expect(m.trace.count).toBeGreaterThan(0)
    m.dispose()
    expect([m.trace.count, m.trace.events()]).toEqual([0, []])
  })

  test('tracing off records nothing', () => {
    const t = new Trace(clock)
    t.enabled = false
    expect(t.emit(Ev.ApiCall, 1, 2, 3, 4)).toBe(-1)
    expect(t.count).toBe(0)
  })

  test('a machine traces API calls, entry points, memory with origins, switches and process events; format is one line each', async () => {
    const drv = recorder('a.dll', (ctx) => ({
      IOControl: (_h, _c, pIn, nIn) => {
        ctx.mem.read(pIn, nIn)
        return true
      },
    }))
    const m = machineWith([drv], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('AAA1:')).handle
    const buf = app.alloc(8)
    await app.DeviceIoControl(h, 5, buf, 8, 0, 0)
    const types = new Set(m.trace.events().map((e) => e.type))
    for (const t of ['process-create', 'thread-create', 'thread-switch', 'api-call', 'api-return', 'entry-enter', 'entry-exit', 'mem-read', 'device-activate']) {
      expect(types, t).toContain(t)
    }
    const lines = m.trace.events().map((e) => m.trace.format(e))
    expect(lines.some((l) => /mem-read 0x[0-9a-f]{8} \+8 origin=param vm=p\d/.test(l))).toBe(true)
    expect(lines.some((l) => /entry-enter a\.dll!AAA_IOControl dev1 caller=p\d/.test(l))).toBe(true)
    expect(lines.some((l) => /DeviceIoControl -> 0x00000001 lastError=\d+/.test(l))).toBe(true)
  })
})
