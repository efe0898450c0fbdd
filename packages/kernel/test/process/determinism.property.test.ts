// The scheduler's two promises, as properties over random small multi-thread workloads: a driver whose IOControl
// runs a generated program of Sleep(n) / Sleep(0) / SetEvent / ResetEvent / waits / mutex sections, logging (thread, step) after each
// step, called concurrently from several caller threads of two processes.
//  (1) the same seed gives a byte-identical trace and the same log, run after run;
//  (2) under any seed or explicit schedule, each thread's steps appear in its program order, and all complete
//      (and the mutex-protected section never holds two threads).
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { CallerThread, MachineOptions } from '../../src/index.js'
import { rig, traceText } from './rig.js'

const SEED = Number(process.env.CEDK_SEED ?? 42)
const RUNS = Number(process.env.CEDK_RUNS ?? 50)

type Step =
  | { op: 'sleep'; ms: number } // ms 0 = yield
  | { op: 'set'; ev: number }
  | { op: 'reset'; ev: number }
  | { op: 'wait'; ev: number; ms: number }
  | { op: 'waitAny'; ms: number }
  | { op: 'lock'; ms: number; hold: number } // take the mutex (with a timeout), hold it across a Sleep, release

const EVENTS = 3 // 0, 1: auto-reset; 2: manual-reset

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ op: fc.constant('set' as const), ev: fc.integer({ min: 0, max: EVENTS - 1 }) }),
  fc.record({ op: fc.constant('reset' as const), ev: fc.integer({ min: 0, max: EVENTS - 1 }) }),
  // Waits always have a timeout, so every program completes whatever the interleaving.
  fc.record({ op: fc.constant('wait' as const), ev: fc.integer({ min: 0, max: EVENTS - 1 }), ms: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('waitAny' as const), ms: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('lock' as const), ms: fc.integer({ min: 0, max: 6 }), hold: fc.integer({ min: 0, max: 3 }) }),
)
const workloadArb = fc.array(fc.array(stepArb, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 4 })
const scheduleArb = fc.array(fc.nat({ max: 7 }), { maxLength: 12 })

const IOCTL_SETUP = 1
const IOCTL_PROGRAM = 10

interface Run {
  trace: string
  log: string[]
  results: boolean[]
  tids: number[]
  now: number
  /** Most threads ever inside the mutex-protected section at once (must be 1 at most). */
  maxInside: number
}

async function runWorkload(programs: readonly Step[][], opts: MachineOptions): Promise<Run> {
  const r = await rig(opts)
  const log: string[] = []
  let ev: number[] = []
  let mx = 0
  let inside = 0
  let maxInside = 0
  r.on(IOCTL_SETUP, (c) => {
    ev = [c.CreateEvent(false, false), c.CreateEvent(false, false), c.CreateEvent(true, false)]
    mx = c.CreateMutex(false)
    return true
  })
  programs.forEach((prog, i) =>
    r.on(IOCTL_PROGRAM + i, async (c, io) => {
      const tid = c.GetCurrentThreadId()
      // The program number also comes through the caller's buffer, so the trace has memory accesses too.
      expect(c.mem.readU32(io.pIn)).toBe(i)
      for (let s = 0; s < prog.length; s++) {
        const st = prog[s]!
        if (st.op === 'sleep') await c.Sleep(st.ms)
        else if (st.op === 'set') c.SetEvent(ev[st.ev]!)
        else if (st.op === 'reset') c.ResetEvent(ev[st.ev]!)
        else if (st.op === 'wait') await c.WaitForSingleObject(ev[st.ev]!, st.ms)
        else if (st.op === 'waitAny') await c.WaitForMultipleObjects(ev, false, st.ms)
        else if ((await c.WaitForSingleObject(mx, st.ms)) === 0) {
          maxInside = Math.max(maxInside, ++inside)
          await c.Sleep(st.hold)
          inside--
          expect(c.ReleaseMutex(mx)).toBe(true)
        }
        log.push(`${tid}:${s}`)
      }
      return true
    }),
  )
  await r.app.DeviceIoControl(r.h, IOCTL_SETUP, 0, 0, 0, 0)
  const b = await r.proc('b.exe')
  const procs = [r.app, b.p]
  const handles = [r.h, b.h]
  const callers: CallerThread[] = programs.map((_, i) => (i < 2 ? procs[i]!.main : procs[i % 2]!.createThread()))
  const bufs = programs.map((_, i) => {
    const p = procs[i % 2]!
    const buf = p.alloc(4)
    p.writeU32(buf, i)
    return buf
  })
  const results = await Promise.all(callers.map((t, i) => t.DeviceIoControl(handles[i % 2]!, IOCTL_PROGRAM + i, bufs[i]!, 4, 0, 0)))
  return { trace: traceText(r.m), log, results: results.map((x) => x.ok), tids: callers.map((t) => t.id), now: r.m.now, maxInside }
}

/** Each caller's steps, in the order they were logged, must be 0, 1, …, n-1. */
function checkProgramOrder(programs: readonly Step[][], run: Run): void {
  expect(run.results).toEqual(programs.map(() => true))
  programs.forEach((prog, i) => {
    const mine = run.log.filter((e) => e.startsWith(`${run.tids[i]}:`)).map((e) => Number(e.split(':')[1]))
    expect(mine).toEqual(prog.map((_, s) => s))
  })
  expect(run.log).toHaveLength(programs.reduce((n, p) => n + p.length, 0))
  expect(run.maxInside).toBeLessThanOrEqual(1)
}

describe('scheduling properties', () => {
  test('(1) the same seed gives a byte-identical trace and the same log', async () => {
    await fc.assert(
      fc.asyncProperty(workloadArb, fc.integer({ min: 0, max: 0xffffffff }), fc.option(scheduleArb, { nil: undefined }), async (programs, seed, schedule) => {
        const opts: MachineOptions = { seed, ...(schedule ? { schedule } : {}) }
        const first = await runWorkload(programs, opts)
        const second = await runWorkload(programs, opts)
        expect(second.trace).toBe(first.trace)
        expect(second.log).toEqual(first.log)
        expect(second.now).toBe(first.now)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('(2) under any seed or schedule, every thread runs its steps in program order, and all complete', async () => {
    await fc.assert(
      fc.asyncProperty(workloadArb, fc.integer({ min: 0, max: 0xffffffff }), scheduleArb, async (programs, seed, schedule) => {
        checkProgramOrder(programs, await runWorkload(programs, { seed }))
        checkProgramOrder(programs, await runWorkload(programs, { seed, schedule }))
        checkProgramOrder(programs, await runWorkload(programs, { schedule: (ready) => ready.length - 1 }))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('the properties are not vacuous: on one workload, seeds and schedules do change the interleaving', async () => {
    const programs: Step[][] = [
      [{ op: 'sleep', ms: 0 }, { op: 'sleep', ms: 0 }, { op: 'sleep', ms: 0 }],
      [{ op: 'sleep', ms: 0 }, { op: 'sleep', ms: 0 }, { op: 'sleep', ms: 0 }],
      [{ op: 'sleep', ms: 0 }, { op: 'sleep', ms: 0 }, { op: 'sleep', ms: 0 }],
    ]
    const logs = new Set<string>()
    const traces = new Set<string>()
    for (let seed = 1; seed <= 8; seed++) {
      const run = await runWorkload(programs, { seed })
      checkProgramOrder(programs, run)
      logs.add(run.log.map((e) => e.split(':')[0]).join(' '))
      traces.add(run.trace)
    }
    expect(logs.size).toBeGreaterThan(1)
    expect(traces.size).toBeGreaterThan(1)
    const a = await runWorkload(programs, { schedule: () => 0 })
    const z = await runWorkload(programs, { schedule: (ready) => ready.length - 1 })
    expect(a.log).not.toEqual(z.log)
  })
})
