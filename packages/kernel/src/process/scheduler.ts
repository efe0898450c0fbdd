// The deterministic scheduler. Simulated threads are async functions; exactly one runs at a time, and it runs
// until it blocks on a kernel object, a timer or Sleep (its promise is then resolved only by the scheduler) or
// finishes. The next thread is the highest-priority ready one; ties are broken by the machine's seed or by an
// explicit schedule. Virtual time moves only when no thread is ready, straight to the next timer.
//
// Calls made by test code ("ops") run on a caller or harness thread. When the machine is idle an op runs
// synchronously on the test's own stack (the fast path: a driver that never blocks costs no scheduling at all).
// An op's promise settles when its thread is done AND the machine is quiescent (no thread ready), so after
// `await app.WriteFile(...)` the threads the write woke have run too. Pending ops keep the machine running:
// virtual time advances to the next timer whenever nothing is ready.
import { HangError, UsageError, captureJsStack, type DriverStack, machineError } from '../errors/exceptions.js'
import type { Process } from './process.js'
import type { Rng } from './rng.js'
import { Thread, ThreadState } from './thread.js'
import { turnProbe } from './turn-probe.js'
import { TimerQueue } from './timers.js'

/** Explicit choices among equally ranked ready threads: a list of indices (taken modulo the candidates), then the
 *  seed; or a function that picks one. */
export type SchedulePolicy = readonly number[] | ((ready: readonly Thread[]) => number)

export interface SchedulerOptions {
  rng: Rng
  schedule?: SchedulePolicy
  /** Kernel calls and memory accesses a thread may make in one activation before it is declared hung. */
  stepBudget: number
  /** Virtual ms an op may stay blocked before it is declared hung. */
  hangTimeout: number
  /** Thread activations (a thread getting the CPU) without virtual time moving before the machine is livelocked. */
  maxActivations: number
}

export interface SchedulerHooks {
  /** A different thread got the CPU. */
  onSwitch(from: Thread | null, to: Thread): void
  /** A thread was declared hung; the machine takes it off every wait queue. */
  onHang(t: Thread, err: HangError): void
  /** An op thread marked `terminating` (its process is exiting) finished its call and is now Done. */
  onCallerEnded(t: Thread): void
}

interface Op {
  thread: Thread
  started: number
  done: boolean
  failed: boolean
  value: unknown
  resolve(v: unknown): void
  reject(e: unknown): void
}

interface Demand {
  /** Virtual time to reach (advance), or -1: run until nothing is ready (run). */
  target: number
  resolve(): void
  reject(e: unknown): void
}

const STALL = Symbol('stall')

const isPromise = (v: unknown): v is Promise<unknown> =>
  v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function'

export class Scheduler {
  now = 0
  /** The running thread; null between activations and while test code runs. */
  current: Thread | null = null
  /** Whose user address space is loaded (fact sheet §3: a kernel thread keeps the last one). */
  vm: Process | null = null
  readonly ready: Thread[] = []
  readonly timers = new TimerQueue()
  /** Kernel calls and memory accesses so far (the step counter). */
  steps = 0
  /** Set when the machine stopped (bugcheck): every op and kernel call rejects with it. */
  stopped: Error | null = null
  private stepLimit = Number.POSITIVE_INFINITY
  private lastRan: Thread | null = null
  /** The thread whose code is running in microtasks; the pump waits for it to block or finish. */
  private inflight: Thread | null = null
  private yielded: Promise<void> | null = null
  private readonly ops = new Set<Op>()
  private readonly demands: Demand[] = []
  private pumping = false
  private activationsSinceTimeMoved = 0
  private testTurnGiven = false
  private scheduleIndex = 0
  private readonly turn = turnProbe

  constructor(
    private readonly opts: SchedulerOptions,
    private readonly hooks: SchedulerHooks,
  ) {}

  // ---- ops from test code -------------------------------------------------------------------------------

  /** Run `fn` on thread `t` (an idle caller or harness thread). Resolves with fn's result at quiescence. */
  runOp<T>(t: Thread, fn: () => T | Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped)
    if (t.state !== ThreadState.Idle) return Promise.reject(busy(t))
    t.hung = null
    if (this.current || this.inflight || this.ready.length) {
      // The machine is busy: the op waits for the CPU like any ready thread.
      return new Promise<T>((resolve, reject) => {
        const op = this.addOp(t, resolve, reject)
        t.continuation = () => this.runBody(t, op, fn)
        this.makeReady(t)
        this.ensurePump()
      })
    }
    return this.runFast(t, fn)
  }

  private runFast<T>(t: Thread, fn: () => T | Promise<T>): Promise<T> {
    this.switchTo(t)
    this.beginActivation(t)
    let r: T | Promise<T>
    try {
      r = fn()
    } catch (e) {
      this.endFast(t)
      return Promise.reject(e)
    }
    if (!isPromise(r)) {
      this.endFast(t)
      if (!this.ready.length) return Promise.resolve(r)
      // The op woke other threads: settle once they have run.
      return new Promise<T>((resolve, reject) => {
        const op = this.addOp(t, resolve, reject)
        op.done = true
        op.value = r
        this.ensurePump()
      })
    }
    return new Promise<T>((resolve, reject) => {
      const op = this.addOp(t, resolve, reject)
      this.watch(t, op, r)
      if (t.state === ThreadState.Running) this.markInflight(t)
      else this.current = null
      this.ensurePump()
    })
  }

  private endFast(t: Thread): void {
    if (t.state === ThreadState.Running) t.state = t.terminating ? ThreadState.Done : ThreadState.Idle
    this.current = null
    if (t.terminating) this.hooks.onCallerEnded(t)
  }

  private runBody<T>(t: Thread, op: Op, fn: () => T | Promise<T>): void {
    let r: T | Promise<T>
    try {
      r = fn()
    } catch (e) {
      this.finishOp(t, op, e, true)
      return
    }
    if (isPromise(r)) this.watch(t, op, r)
    else this.finishOp(t, op, r, false)
  }

  private watch(t: Thread, op: Op, p: Promise<unknown>): void {
    p.then(
      (v) => this.finishOp(t, op, v, false),
      (e) => this.finishOp(t, op, e, true),
    )
  }

  private finishOp(t: Thread, op: Op, value: unknown, failed: boolean): void {
    if (op.done) return // already declared hung
    op.done = true
    op.failed = failed
    op.value = value
    if (t.state === ThreadState.Running) t.state = t.terminating ? ThreadState.Done : ThreadState.Idle
    this.endActivation(t)
    if (t.terminating) this.hooks.onCallerEnded(t)
  }

  private addOp(t: Thread, resolve: (v: never) => void, reject: (e: unknown) => void): Op {
    const op: Op = { thread: t, started: this.now, done: false, failed: false, value: undefined, resolve: resolve as (v: unknown) => void, reject }
    this.ops.add(op)
    return op
  }

  // ---- threads -----------------------------------------------------------------------------------------

  /** Queue a new thread; `routine` runs when it first gets the CPU and must end with `finishThread`. */
  start(t: Thread, routine: () => void): void {
    t.continuation = routine
    this.makeReady(t)
  }

  /** Called by the running thread: park it until `wakeUp`. Resolves with the wake value. */
  block(t: Thread): Promise<number> {
    if (t !== this.current || t.state !== ThreadState.Running) {
      throw machineError(new UsageError(`${t} made a blocking call while not running: await each blocking call before making the next`))
    }
    t.state = ThreadState.Blocked
    const p = new Promise<number>((res, rej) => {
      t.wake = res
      t.abort = rej
    })
    this.endActivation(t)
    return p
  }

  /** Sleep(0): give the CPU to another ready thread, staying ready. */
  yieldThread(t: Thread): Promise<number> {
    const p = this.block(t)
    this.wakeUp(t, 0)
    return p
  }

  /** Make a blocked thread ready; it resumes with `value` when the scheduler picks it. */
  wakeUp(t: Thread, value: number): void {
    const w = t.wake
    if (t.state === ThreadState.Blocked) this.resume(t, () => w?.(value))
  }

  /** Make a blocked thread ready; its blocking call throws `e` when it runs (its process died under it). */
  abortWait(t: Thread, e: unknown): void {
    const a = t.abort
    if (t.state === ThreadState.Blocked) this.resume(t, () => a?.(e))
  }

  /** A blocked thread becomes ready; `continuation` settles its blocking call when it runs. */
  private resume(t: Thread, continuation: () => void): void {
    t.wake = null
    t.abort = null
    t.continuation = continuation
    this.makeReady(t)
    if (!this.current) this.ensurePump()
  }

  /** A driver thread's start routine ended (normally or not). */
  finishThread(t: Thread, state: ThreadState.Done | ThreadState.Hung = ThreadState.Done): void {
    t.state = state
    const i = this.ready.indexOf(t)
    if (i >= 0) this.ready.splice(i, 1)
    this.endActivation(t)
  }

  /** Take a thread off the CPU for good (process exit, module unload). */
  kill(t: Thread): void {
    t.state = ThreadState.Done
    t.wake = null
    t.continuation = null
    const i = this.ready.indexOf(t)
    if (i >= 0) this.ready.splice(i, 1)
  }

  /** The running thread entered or left a frame: load its VM if it names one (kernel frames keep the current). */
  frameChanged(t: Thread): void {
    if (t === this.current && t.frame.vm) this.vm = t.frame.vm
  }

  private makeReady(t: Thread): void {
    t.state = ThreadState.Ready
    this.ready.push(t)
  }

  // ---- step budget ---------------------------------------------------------------------------------------

  /** One step of the running thread (a kernel call or memory access). Throws HangError past the budget. */
  tick(): void {
    if (++this.steps > this.stepLimit) this.overBudget()
  }

  private overBudget(): void {
    const t = this.current
    if (!t) return
    const stack: DriverStack = t.hung ?? { frames: t.frames(), js: captureJsStack() }
    const first = !t.hung
    t.hung = stack
    // Keep throwing on every later step of this activation, even if the driver catches the first one.
    this.stepLimit = this.steps
    const err = hangError(t, stack, `no return after ${this.opts.stepBudget} kernel calls and memory accesses (step budget)`)
    if (first) this.hooks.onHang(t, err)
    throw err
  }

  private beginActivation(t: Thread): void {
    t.state = ThreadState.Running
    this.stepLimit = t.hung ? this.steps : this.steps + this.opts.stepBudget
  }

  // ---- driving the machine -----------------------------------------------------------------------------

  /** Run ready threads until none is ready, without moving virtual time. */
  run(): Promise<void> {
    return this.demand(-1)
  }

  /** Run for `ms` of virtual time: timers due in that span fire in order. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) return Promise.reject(machineError(new UsageError(`advance(ms): ms must be a finite number >= 0, got ${ms}`)))
    return this.demand(this.now + ms)
  }

  /** Stop the machine (bugcheck): every pending op and demand rejects with `err`. */
  stop(err: Error): void {
    if (this.stopped) return
    this.stopped = err
    for (const op of this.ops) op.reject(err)
    this.ops.clear()
    this.ready.length = 0
    for (const d of this.demands.splice(0)) d.reject(err)
  }

  /** Ops not yet settled (for shutdown checks). */
  get pendingOps(): number {
    return this.ops.size
  }

  private demand(target: number): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped)
    return new Promise<void>((resolve, reject) => {
      this.demands.push({ target, resolve, reject })
      this.ensurePump()
    })
  }

  private ensurePump(): void {
    if (this.pumping) return
    this.pumping = true
    queueMicrotask(() => void this.pump())
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return
        if (this.inflight) {
          await this.awaitYield(this.inflight)
          continue
        }
        const t = this.pickReady()
        if (t) {
          this.activate(t)
          continue
        }
        const resolved = this.settle()
        if (!this.ops.size && !this.demands.length) return
        // Test code whose await just resolved runs before virtual time may move: `await machine.run()` returns with
        // the clock where it was, even if a call is still pending on a timer.
        if (resolved) {
          await this.turn.next()
          continue
        }
        await this.waitForProgress()
      }
    } finally {
      this.pumping = false
    }
  }

  private activate(t: Thread): void {
    if (++this.activationsSinceTimeMoved > this.opts.maxActivations) {
      this.livelock(t)
      return
    }
    this.testTurnGiven = false
    this.switchTo(t)
    this.beginActivation(t)
    this.markInflight(t)
    const c = t.continuation
    t.continuation = null
    c?.()
  }

  private markInflight(t: Thread): void {
    this.inflight = t
    this.yielded = new Promise<void>((res) => {
      t.signal = res
    })
  }

  /** The running thread blocked or finished. On the fast path there is no pump waiting (no signal). */
  private endActivation(t: Thread): void {
    const s = t.signal
    t.signal = null
    s?.()
  }

  /** Wait until the in-flight thread blocks or finishes. If the microtask queue drains first, it awaited
   *  something that is not a kernel object: nothing in the machine can resume it, so it is declared hung. */
  private async awaitYield(t: Thread): Promise<void> {
    const yielded = this.yielded!
    const r = await new Promise<symbol | void>((resolve) => {
      const cancel = this.turn.wait(() => resolve(STALL))
      void yielded.then(() => {
        cancel()
        resolve()
      })
    })
    if (r === STALL && t.signal) {
      t.signal = null
      this.declareHung(t, 'awaited a promise that is not a kernel object (no simulated thread or timer can resolve it)')
    }
    this.inflight = null
    this.yielded = null
    if (this.current === t) this.current = null
  }

  /** Nothing is ready: resolve what is finished. Returns how many ops and demands were resolved. */
  private settle(): number {
    let n = 0
    for (const op of this.ops) {
      if (!op.done) continue
      n++
      this.ops.delete(op)
      if (op.failed) op.reject(op.value)
      else op.resolve(op.value)
    }
    for (let i = this.demands.length - 1; i >= 0; i--) {
      const d = this.demands[i]!
      if (d.target <= this.now) {
        n++
        this.demands.splice(i, 1)
        d.resolve()
      }
    }
    return n
  }

  /** Nothing is ready but something is pending: fire a timer, move time, give test code a turn, or time out. */
  private async waitForProgress(): Promise<void> {
    const next = this.timers.peek()
    const horizon = this.horizon()
    if (next !== undefined && next <= horizon) {
      this.moveTime(next)
      this.timers.runDue(this.now)
      return
    }
    const target = this.nearestTarget()
    if (target !== undefined && target <= horizon) {
      this.moveTime(target)
      return
    }
    // Only blocked ops remain. Test code gets one turn of the event loop (it may inject input) before they hang.
    if (!this.testTurnGiven) {
      this.testTurnGiven = true
      // A fresh turn, not the shared stall probe (which may already be queued and would cut the turn short).
      await new Promise<void>((res) => setImmediate(res))
      return
    }
    this.testTurnGiven = false
    if (next !== undefined) {
      this.moveTime(this.opDeadline())
      for (const op of this.ops) if (!op.done && op.started + this.opts.hangTimeout <= this.now) this.hangOp(op, `still blocked after ${this.opts.hangTimeout} ms of virtual time (hangTimeout)`)
      return
    }
    for (const op of this.ops) if (!op.done) this.hangOp(op, 'blocked forever: no thread can run and no timer is pending')
  }

  /** How far virtual time may move: to the nearest advance target or op deadline. */
  private horizon(): number {
    let h = this.nearestTarget() ?? Number.POSITIVE_INFINITY
    if (this.ops.size) h = Math.min(h, this.opDeadline())
    return h
  }

  private nearestTarget(): number | undefined {
    let t: number | undefined
    for (const d of this.demands) if (d.target > this.now && (t === undefined || d.target < t)) t = d.target
    return t
  }

  private opDeadline(): number {
    let d = Number.POSITIVE_INFINITY
    for (const op of this.ops) if (!op.done) d = Math.min(d, op.started + this.opts.hangTimeout)
    return d
  }

  private moveTime(to: number): void {
    if (to > this.now) {
      this.now = to
      this.activationsSinceTimeMoved = 0
    }
  }

  private hangOp(op: Op, why: string): void {
    const t = op.thread
    const err = hangError(t, { frames: t.frames(), js: '' }, why)
    this.park(t, err)
    op.done = true
    op.failed = true
    op.value = err
  }

  private declareHung(t: Thread, why: string): void {
    const err = hangError(t, { frames: t.frames(), js: '' }, why)
    this.park(t, err)
    for (const op of this.ops) {
      if (op.thread === t && !op.done) {
        op.done = true
        op.failed = true
        op.value = err
      }
    }
  }

  /** Take a hung thread out of the machine. A caller or harness thread becomes reusable for new calls. */
  private park(t: Thread, err: HangError): void {
    t.hung = err.stack_
    this.hooks.onHang(t, err)
    t.wake = null
    t.continuation = null
    const i = this.ready.indexOf(t)
    if (i >= 0) this.ready.splice(i, 1)
    if (t.kind === 'driver') t.state = ThreadState.Hung
    else {
      t.state = ThreadState.Idle
      t.frame = t.base
    }
  }

  private livelock(t: Thread): void {
    this.activationsSinceTimeMoved = 0
    // Threads keep waking each other with no progress in time: park every ready thread.
    const why = `livelock: ${this.opts.maxActivations} thread activations without virtual time moving`
    for (const r of [t, ...this.ready.splice(0)]) this.declareHung(r, why)
  }

  private pickReady(): Thread | undefined {
    const r = this.ready
    if (!r.length) return undefined
    let best = Number.POSITIVE_INFINITY
    for (const t of r) if (t.priority < best) best = t.priority
    const candidates = r.filter((t) => t.priority === best)
    const t = candidates[candidates.length === 1 ? 0 : this.choose(candidates)]!
    r.splice(r.indexOf(t), 1)
    return t
  }

  private choose(candidates: readonly Thread[]): number {
    const s = this.opts.schedule
    if (typeof s === 'function') return Math.abs(s(candidates) | 0) % candidates.length
    if (s && this.scheduleIndex < s.length) return Math.abs(s[this.scheduleIndex++]! | 0) % candidates.length
    return this.opts.rng.below(candidates.length)
  }

  private switchTo(t: Thread): void {
    this.current = t
    if (t.frame.vm) this.vm = t.frame.vm
    if (this.lastRan !== t) {
      const from = this.lastRan
      this.lastRan = t
      this.hooks.onSwitch(from, t)
    }
  }
}

function busy(t: Thread): UsageError {
  return machineError(new UsageError(`${t} is busy with another call: a thread makes one call at a time; use process.createThread() for concurrent calls`))
}

function hangError(t: Thread, stack: DriverStack, why: string): HangError {
  const f = t.driverFrame()
  return machineError(new HangError(f?.driver || t.process.name, f?.entry || t.name, stack, why))
}
