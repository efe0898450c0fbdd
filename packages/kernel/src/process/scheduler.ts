// The deterministic scheduler. Simulated threads are async functions; exactly one runs at a time. A thread runs
// until it blocks on a kernel object (its promise is then resolved only by the scheduler) or finishes; the
// scheduler then picks the next ready thread: highest CE priority first, ties broken by the machine's seed or an
// explicit schedule. Virtual time moves only when nothing is ready, to the next timer.
//
// Calls from test code ("ops") run on a caller thread. When the machine is idle an op runs synchronously right
// away (the fast path: a driver that never blocks costs no promise hops); if it blocks, the run loop ("pump")
// drives the machine until the op settles.
import { HangError, UsageError, captureJsStack, type DriverStack } from '../errors/exceptions.js'
import type { Process } from './process.js'
import { Thread, ThreadState, type ExecFrame } from './thread.js'
import { TimerQueue } from './timers.js'
import type { Rng } from './rng.js'

export type SchedulePolicy = readonly number[] | ((ready: readonly Thread[]) => number)

export interface SchedulerOptions {
  rng: Rng
  /** Explicit choices among equally ranked ready threads (an index, taken modulo the candidates); then the seed. */
  schedule?: SchedulePolicy
  /** Kernel calls and memory accesses a thread may make in one activation before it is declared hung. */
  stepBudget: number
  /** Virtual ms an op may stay blocked before it is declared hung. */
  hangTimeout: number
  /** Activations without virtual time moving before the machine is declared livelocked. */
  maxActivations: number
}

export interface SchedulerHooks {
  onSwitch(from: Thread | null, to: Thread | null): void
  onHang(t: Thread, err: HangError): void
}

interface Op {
  thread: Thread
  started: number
  resolve(v: unknown): void
  reject(e: unknown): void
  settled: boolean
}

interface Demand {
  /** Virtual time to reach (advance), or -1 to run until nothing is ready (run). */
  target: number
  resolve(): void
  reject(e: unknown): void
}

const isPromise = (v: unknown): v is Promise<unknown> =>
  v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function'

export class Scheduler {
  now = 0
  /** The running thread; null between activations and when test code runs. */
  current: Thread | null = null
  /** Whose user address space is loaded (fact sheet §3: kernel threads keep the last one). */
  vm: Process | null = null
  readonly ready: Thread[] = []
  readonly timers = new TimerQueue()
  /** Kernel calls and memory accesses so far (the step counter). */
  steps = 0
  private stepLimit = Number.POSITIVE_INFINITY
  private inflight: Thread | null = null
  private yieldPromise: Promise<unknown> | null = null
  private readonly ops = new Set<Op>()
  private readonly demands: Demand[] = []
  private pumping = false
  private activationsSinceTimeMoved = 0
  private testTurnGiven = false
  private scheduleIndex = 0
  private stallTurn: Promise<symbol> | null = null
  /** Set when the machine stopped (bugcheck): every op and kernel call rejects with it. */
  stopped: Error | null = null

  constructor(
    private readonly opts: SchedulerOptions,
    private readonly hooks: SchedulerHooks,
  ) {}

  // ---- ops from test code -------------------------------------------------------------------------------

  /** Run `fn` on thread `t` (a caller thread or a kernel harness thread). Resolves with fn's result. */
  runOp<T>(t: Thread, fn: () => T | Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped)
    if (t.state !== ThreadState.Idle) {
      return Promise.reject(
        new UsageError(`${t} is busy with another call: one thread makes one call at a time; use process.createThread()`),
      )
    }
    t.hung = null
    if (this.current === null && this.inflight === null && this.ready.length === 0) return this.runFast(t, fn)
    return new Promise<T>((resolve, reject) => {
      const op = this.addOp(t, resolve as (v: unknown) => void, reject)
      t.startRoutine = () => this.startOpBody(t, op, fn)
      t.state = ThreadState.Ready
      this.ready.push(t)
      this.ensurePump()
    })
  }

  private runFast<T>(t: Thread, fn: () => T | Promise<T>): Promise<T> {
    this.switchTo(t)
    t.state = ThreadState.Running
    this.beginActivation(t)
    let r: T | Promise<T>
    try {
      r = fn()
    } catch (e) {
      t.state = ThreadState.Idle
      this.switchTo(null)
      return Promise.reject(e)
    }
    if (!isPromise(r)) {
      t.state = ThreadState.Idle
      this.switchTo(null)
      return Promise.resolve(r)
    }
    return new Promise<T>((resolve, reject) => {
      const op = this.addOp(t, resolve as (v: unknown) => void, reject)
      this.watch(t, op, r as Promise<T>)
      if (t.state === ThreadState.Running) this.markInflight(t)
      else this.switchTo(null)
      this.ensurePump()
    })
  }

  private startOpBody<T>(t: Thread, op: Op, fn: () => T | Promise<T>): void {
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
    if (t.state !== ThreadState.Done) t.state = ThreadState.Idle
    this.endActivation(t)
    if (op.settled) return
    op.settled = true
    this.ops.delete(op)
    if (failed) op.reject(value)
    else op.resolve(value)
  }

  private addOp(t: Thread, resolve: (v: unknown) => void, reject: (e: unknown) => void): Op {
    const op: Op = { thread: t, started: this.now, resolve, reject, settled: false }
    this.ops.add(op)
    return op
  }

  // ---- threads -----------------------------------------------------------------------------------------

  /** Queue a new thread's start routine. The routine must call `finishThread` when it ends (see machine). */
  start(t: Thread, routine: () => void): void {
    t.startRoutine = routine
    t.state = ThreadState.Ready
    this.ready.push(t)
  }

  /** Called from inside the running thread: park it until `wakeUp`. Resolves with the wake value. */
  block(t: Thread): Promise<number> {
    if (t.state !== ThreadState.Running) {
      throw new UsageError(`${t} made a blocking call while already blocked: await each blocking call before the next`)
    }
    t.state = ThreadState.Blocked
    const p = new Promise<number>((res) => {
      t.wake = res
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

  /** Make a blocked thread ready again; it resumes with `value` when the scheduler picks it. */
  wakeUp(t: Thread, value: number): void {
    if (t.state !== ThreadState.Blocked) return
    t.state = ThreadState.Ready
    const w = t.wake
    t.wake = null
    t.startRoutine = () => w?.(value)
    this.ready.push(t)
  }

  /** A driver thread's start routine ended (normally or not). */
  finishThread(t: Thread): void {
    t.state = ThreadState.Done
    const i = this.ready.indexOf(t)
    if (i >= 0) this.ready.splice(i, 1)
    this.endActivation(t)
  }

  /** Enter a new execution frame on the running thread (a call into a driver or the kernel). */
  enter(t: Thread, f: ExecFrame): void {
    t.frame = f
    if (t === this.current && f.vm) this.vm = f.vm
  }

  leave(t: Thread, f: ExecFrame): void {
    t.frame = f.prev ?? f
    if (t === this.current && t.frame.vm) this.vm = t.frame.vm
  }

  // ---- budget ------------------------------------------------------------------------------------------

  /** One step of the running thread (a kernel call or memory access). Throws HangError past the budget. */
  tick(): void {
    if (++this.steps > this.stepLimit) this.overBudget()
  }

  private overBudget(): void {
    const t = this.current
    if (!t) return
    const f = t.driverFrame()
    const stack: DriverStack = t.hung ?? { frames: t.frames(), js: captureJsStack() }
    t.hung = stack
    // Keep throwing on every later step of this activation, even if the driver catches the first one.
    this.stepLimit = this.steps
    throw new HangError(
      f?.driver ?? t.process.name,
      f?.entry ?? t.name,
      stack,
      `no return after ${this.opts.stepBudget} kernel calls and memory accesses (step budget)`,
    )
  }

  private beginActivation(t: Thread): void {
    this.stepLimit = t.hung ? this.steps : this.steps + this.opts.stepBudget
  }

  // ---- driving the machine -----------------------------------------------------------------------------

  /** Run ready threads until none is ready, without moving virtual time. */
  run(): Promise<void> {
    return this.demand(-1)
  }

  /** Run for `ms` of virtual time: timers due in that span fire in order. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) return Promise.reject(new UsageError(`advance(ms): ms must be a finite number >= 0, got ${ms}`))
    return this.demand(this.now + ms)
  }

  private demand(target: number): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped)
    return new Promise<void>((resolve, reject) => {
      this.demands.push({ target, resolve, reject })
      this.ensurePump()
    })
  }

  /** Stop the machine (bugcheck): every pending op and demand rejects with `err`. */
  stop(err: Error): void {
    if (this.stopped) return
    this.stopped = err
    for (const op of [...this.ops]) {
      op.settled = true
      op.reject(err)
    }
    this.ops.clear()
    this.ready.length = 0
    this.failDemands(err)
  }

  get pendingOps(): number {
    return this.ops.size
  }

  private ensurePump(): void {
    if (this.pumping) return
    this.pumping = true
    queueMicrotask(() => void this.pump())
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return this.failDemands(this.stopped)
        if (this.inflight) {
          await this.awaitYield(this.inflight)
          continue
        }
        if (!this.ops.size && !this.demands.length) return
        const t = this.pickReady()
        if (t) {
          this.activate(t)
          continue
        }
        if (!(await this.idle())) return
      }
    } finally {
      this.pumping = false
    }
  }

  private failDemands(err: Error): void {
    for (const d of this.demands.splice(0)) d.reject(err)
  }

  private activate(t: Thread): void {
    if (++this.activationsSinceTimeMoved > this.opts.maxActivations) {
      this.activationsSinceTimeMoved = 0
      this.livelock(t)
      return
    }
    this.testTurnGiven = false
    this.switchTo(t)
    t.state = ThreadState.Running
    this.beginActivation(t)
    this.markInflight(t)
    const routine = t.startRoutine
    t.startRoutine = null
    routine?.()
  }

  private markInflight(t: Thread): void {
    this.inflight = t
    this.yieldPromise = new Promise<void>((res) => {
      t.signal = res
    })
  }

  private endActivation(t: Thread): void {
    // Without a signal the activation is the synchronous fast path: runFast sees the state when fn returns.
    const s = t.signal
    t.signal = null
    s?.()
  }

  /** Wait until the running thread blocks or finishes. If the microtask queue drains first, it awaited something
   *  that is not a kernel object (a stray promise): that thread can never be resumed, so it is reported hung. */
  private async awaitYield(t: Thread): Promise<void> {
    const r = await Promise.race([this.yieldPromise, this.macrotask()])
    if (r === STALL && t.signal) {
      t.signal = null
      this.reportHang(t, 'awaited a promise that is not a kernel object (no simulated thread or timer can resolve it)')
    }
    this.inflight = null
    this.yieldPromise = null
    this.switchTo(null)
  }

  /** Nothing is ready: fire a timer, move time, or give up. Returns false when the pump should stop. */
  private async idle(): Promise<boolean> {
    const horizon = this.horizon()
    const next = this.timers.peek()
    if (next !== undefined && next <= horizon) {
      this.moveTime(Math.max(this.now, next))
      this.timers.runDue(this.now)
      return true
    }
    const advances = this.demands.filter((d) => d.target >= 0)
    const reachable = advances.length ? Math.min(...advances.map((d) => d.target)) : -1
    if (reachable > this.now && reachable <= horizon) {
      this.moveTime(reachable)
      return true
    }
    // Demands satisfied at this point in time: advance targets reached, runs with nothing ready.
    for (let i = this.demands.length - 1; i >= 0; i--) {
      const d = this.demands[i]!
      if (d.target < 0 || d.target <= this.now) {
        this.demands.splice(i, 1)
        d.resolve()
      }
    }
    if (!this.ops.size) return this.demands.length > 0
    // Ops are blocked. Let test code run once (it may inject an interrupt) before calling it a hang.
    if (!this.testTurnGiven) {
      this.testTurnGiven = true
      await this.macrotask()
      return true
    }
    this.testTurnGiven = false
    const deadline = this.opDeadline()
    if (next !== undefined && deadline < next) {
      this.moveTime(deadline)
      for (const op of [...this.ops]) if (op.started + this.opts.hangTimeout <= this.now) this.hangOp(op, `still blocked after ${this.opts.hangTimeout} ms of virtual time (hangTimeout)`)
      return true
    }
    for (const op of [...this.ops]) this.hangOp(op, 'blocked forever: no thread can run and no timer is pending')
    return true
  }

  /** How far virtual time may move: to the nearest advance target, or an op's hang deadline; not at all for run(). */
  private horizon(): number {
    let h = Number.POSITIVE_INFINITY
    let any = false
    for (const d of this.demands) {
      if (d.target >= 0) {
        h = Math.min(h, d.target)
        any = true
      }
    }
    if (this.ops.size) {
      h = Math.min(h, this.opDeadline())
      any = true
    }
    return any ? h : this.now
  }

  private opDeadline(): number {
    let d = Number.POSITIVE_INFINITY
    for (const op of this.ops) d = Math.min(d, op.started + this.opts.hangTimeout)
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
    const f = t.driverFrame()
    const stack: DriverStack = { frames: t.frames(), js: '' }
    t.hung = stack
    const err = new HangError(f?.driver ?? t.process.name, f?.entry ?? t.name, stack, why)
    this.hooks.onHang(t, err)
    op.settled = true
    this.ops.delete(op)
    op.reject(err)
  }

  private reportHang(t: Thread, why: string): void {
    const op = [...this.ops].find((o) => o.thread === t)
    if (op) return this.hangOp(op, why)
    const f = t.driverFrame()
    t.hung = { frames: t.frames(), js: '' }
    t.state = ThreadState.Blocked
    this.hooks.onHang(t, new HangError(f?.driver ?? t.process.name, f?.entry ?? t.name, t.hung, why))
  }

  private livelock(t: Thread): void {
    // Put the thread back and fail whatever the test waits for: threads keep waking each other with no progress.
    this.ready.unshift(t)
    const why = `livelock: ${this.opts.maxActivations} thread switches without virtual time moving`
    for (const op of [...this.ops]) this.hangOp(op, why)
    const t0 = t.driverFrame()
    this.failDemands(new HangError(t0?.driver ?? t.process.name, t0?.entry ?? t.name, { frames: t.frames(), js: '' }, why))
  }

  private pickReady(): Thread | undefined {
    const r = this.ready
    if (!r.length) return undefined
    let best = Number.POSITIVE_INFINITY
    for (const t of r) if (t.priority < best) best = t.priority
    const candidates = r.filter((t) => t.priority === best)
    const i = candidates.length === 1 ? 0 : this.choose(candidates)
    const t = candidates[i]!
    r.splice(r.indexOf(t), 1)
    return t
  }

  private choose(candidates: readonly Thread[]): number {
    const s = this.opts.schedule
    if (typeof s === 'function') return Math.abs(s(candidates) | 0) % candidates.length
    if (s && this.scheduleIndex < s.length) return Math.abs(s[this.scheduleIndex++]! | 0) % candidates.length
    return this.opts.rng.below(candidates.length)
  }

  private switchTo(t: Thread | null): void {
    if (this.current === t) return
    const from = this.current
    this.current = t
    if (t?.frame.vm) this.vm = t.frame.vm
    this.hooks.onSwitch(from, t)
  }

  /** A promise for the next macrotask turn, shared by everyone waiting in this turn. */
  private macrotask(): Promise<symbol> {
    if (!this.stallTurn) {
      this.stallTurn = new Promise<symbol>((res) =>
        setImmediate(() => {
          this.stallTurn = null
          res(STALL)
        }),
      )
    }
    return this.stallTurn
  }
}

const STALL = Symbol('stall')
