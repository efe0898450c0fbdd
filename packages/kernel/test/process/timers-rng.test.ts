// The virtual-time timer queue (due time, then creation order) and the machine's seeded PRNG.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { Rng } from '../../src/process/rng.js'
import { TimerQueue } from '../../src/process/timers.js'

const SEED = Number(process.env.CEDK_SEED ?? 42)
const RUNS = Number(process.env.CEDK_RUNS ?? 50)

describe('TimerQueue', () => {
  test('timers fire in due-time order; equal due times fire in creation order', () => {
    const q = new TimerQueue()
    const fired: string[] = []
    for (const [due, name] of [
      [30, 'c1'],
      [10, 'a1'],
      [30, 'c2'],
      [20, 'b'],
      [10, 'a2'],
      [30, 'c3'],
      [10, 'a3'],
    ] as const)
      q.add(due, () => fired.push(name))
    expect(q.peek()).toBe(10)
    expect(q.runDue(9)).toBe(0)
    expect(q.runDue(10)).toBe(3)
    expect(fired).toEqual(['a1', 'a2', 'a3'])
    expect(q.runDue(100)).toBe(4)
    expect(fired).toEqual(['a1', 'a2', 'a3', 'b', 'c1', 'c2', 'c3'])
    expect(q.peek()).toBeUndefined()
  })

  test('a cancelled timer never fires and is not the next due time', () => {
    const q = new TimerQueue()
    const fired: number[] = []
    const cancel5 = q.add(5, () => fired.push(5))
    q.add(8, () => fired.push(8))
    cancel5()
    expect(q.peek()).toBe(8)
    expect(q.runDue(10)).toBe(1)
    expect(fired).toEqual([8])
  })

  test('cancelling a timer that already fired does nothing', () => {
    const q = new TimerQueue()
    const fired: number[] = []
    const cancel = q.add(1, () => fired.push(1))
    q.runDue(1)
    cancel()
    q.add(2, () => fired.push(2))
    q.runDue(2)
    expect(fired).toEqual([1, 2])
  })

  test('a timer added while timers run fires in the same runDue if it is already due', () => {
    const q = new TimerQueue()
    const fired: string[] = []
    q.add(5, () => {
      fired.push('first')
      q.add(5, () => fired.push('added, due now'))
      q.add(6, () => fired.push('added, later'))
    })
    q.add(5, () => fired.push('second'))
    expect(q.runDue(5)).toBe(3)
    expect(fired).toEqual(['first', 'second', 'added, due now'])
    expect(q.peek()).toBe(6)
  })

  test('property: any mix of adds and cancels fires the live timers sorted by (due, creation order)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ due: fc.integer({ min: 0, max: 20 }), cancel: fc.boolean() }), { maxLength: 60 }), fc.integer({ min: 0, max: 25 }), (specs, until) => {
        const q = new TimerQueue()
        const fired: number[] = []
        const cancels = specs.map((s, i) => q.add(s.due, () => fired.push(i)))
        specs.forEach((s, i) => s.cancel && cancels[i]!())
        const live = specs.map((s, i) => ({ ...s, i })).filter((s) => !s.cancel)
        const expected = live
          .filter((s) => s.due <= until)
          .sort((a, b) => a.due - b.due || a.i - b.i)
          .map((s) => s.i)
        expect(q.runDue(until)).toBe(expected.length)
        expect(fired).toEqual(expected)
        const rest = live.filter((s) => s.due > until)
        expect(q.peek()).toBe(rest.length ? Math.min(...rest.map((s) => s.due)) : undefined)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})

describe('Rng', () => {
  const draw = (seed: number, n: number) => {
    const r = new Rng(seed)
    return Array.from({ length: n }, () => r.nextU32())
  }

  test('the same seed gives the same sequence; different seeds give different ones', () => {
    expect(draw(1, 32)).toEqual(draw(1, 32))
    expect(draw(0xffffffff, 32)).toEqual(draw(0xffffffff, 32))
    const seqs = new Set([0, 1, 2, 3, 42, 0xffffffff].map((s) => draw(s, 8).join(',')))
    expect(seqs.size).toBe(6)
  })

  test('seeds are taken as 32-bit unsigned: seed and seed + 2^32 are the same generator', () => {
    expect(draw(5 + 2 ** 32, 8)).toEqual(draw(5, 8))
    expect(draw(-1, 8)).toEqual(draw(0xffffffff, 8))
  })

  test('nextU32 gives 32-bit unsigned integers and does not get stuck (seed 0 included)', () => {
    for (const seed of [0, 1, 0xffffffff]) {
      const xs = draw(seed, 200)
      for (const x of xs) {
        expect(Number.isInteger(x)).toBe(true)
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThan(2 ** 32)
      }
      expect(new Set(xs).size).toBeGreaterThan(190)
    }
  })

  test('below(n) is in [0, n), 0 for n <= 1, and covers the range', () => {
    const r = new Rng(7)
    expect(r.below(0)).toBe(0)
    expect(r.below(1)).toBe(0)
    const counts = [0, 0, 0]
    for (let i = 0; i < 600; i++) counts[r.below(3)]!++
    for (const c of counts) expect(c).toBeGreaterThan(120)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const g = new Rng(seed)
        for (let i = 0; i < 10; i++) {
          const v = g.below(n)
          if (!(Number.isInteger(v) && v >= 0 && v < n)) return false
        }
        return true
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('below(n) with n <= 1 consumes nothing: the sequence after it is unchanged', () => {
    const a = new Rng(9)
    const b = new Rng(9)
    a.below(1)
    a.below(0)
    expect(a.nextU32()).toBe(b.nextU32())
  })
})
