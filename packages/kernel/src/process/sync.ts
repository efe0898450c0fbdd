// Kernel synchronisation objects and the waits on them: events, mutexes, semaphores, and threads/processes as
// waitable objects. A satisfied wait never blocks (so a driver that does not really wait never leaves the fast
// path); an unsatisfied one parks the thread until a signal or its timeout.
import type { KernelObject } from './handles.js'
import type { Scheduler } from './scheduler.js'
import type { Thread, Waitable } from './thread.js'

export const WAIT_OBJECT_0 = 0
export const WAIT_ABANDONED = 0x80
export const WAIT_TIMEOUT = 0x102
export const WAIT_FAILED = 0xffffffff
export const INFINITE = 0xffffffff
export const MAXIMUM_WAIT_OBJECTS = 64

export class KEvent implements Waitable, KernelObject {
  readonly kindName = 'event'
  waiters: Thread[] = []
  handleCount = 0
  constructor(
    public manualReset: boolean,
    public signaled: boolean,
    readonly name = '',
  ) {}
  isSignaled(): boolean {
    return this.signaled
  }
  acquire(): void {
    if (!this.manualReset) this.signaled = false
  }
}

export class KMutex implements Waitable, KernelObject {
  readonly kindName = 'mutex'
  waiters: Thread[] = []
  handleCount = 0
  owner: Thread | null = null
  count = 0
  isSignaled(t: Thread): boolean {
    return this.owner === null || this.owner === t
  }
  /** Set when the owner ended without releasing it: the next acquirer gets WAIT_ABANDONED. */
  abandoned = false
  acquire(t: Thread): void {
    this.owner = t
    this.count++
    owned(t).add(this)
  }
}

/** The mutexes a thread holds, so they can be abandoned when it ends (on the thread: see Process.caller for why). */
function owned(t: Thread): Set<KMutex> {
  return (t.mutexes ??= new Set())
}

export class KSemaphore implements Waitable, KernelObject {
  readonly kindName = 'semaphore'
  waiters: Thread[] = []
  handleCount = 0
  constructor(
    public count: number,
    readonly max: number,
  ) {}
  isSignaled(): boolean {
    return this.count > 0
  }
  acquire(): void {
    this.count--
  }
}

export class Waits {
  constructor(private readonly sched: Scheduler) {}

  /** WaitForSingleObject / WaitForMultipleObjects. Returns the WAIT_* result, or a promise for it when blocking. */
  wait(t: Thread, objects: Waitable[], waitAll: boolean, timeoutMs: number): number | Promise<number> {
    const i = this.satisfied(t, objects, waitAll)
    if (i >= 0) return this.take(t, objects, waitAll, i)
    if (timeoutMs === 0) return WAIT_TIMEOUT
    for (const o of objects) o.waiters.push(t)
    t.wait = { objects, waitAll, cancelTimer: null }
    if (timeoutMs !== INFINITE) {
      t.wait.cancelTimer = this.sched.timers.add(this.sched.now + timeoutMs, () => {
        this.detach(t)
        this.sched.wakeUp(t, WAIT_TIMEOUT)
      })
    }
    return this.sched.block(t)
  }

  /** Sleep(ms): Sleep(0) yields to other ready threads; INFINITE never returns. */
  sleep(t: Thread, ms: number): Promise<number> {
    if (ms === 0) return this.sched.yieldThread(t)
    if (ms !== INFINITE) this.sched.timers.add(this.sched.now + ms, () => this.sched.wakeUp(t, 0))
    return this.sched.block(t)
  }

  /** After an object became (more) signalled: wake the waiters it now satisfies, first come first served. */
  signal(obj: Waitable): void {
    for (const t of [...obj.waiters]) {
      if (!t.wait) continue
      const i = this.satisfied(t, t.wait.objects, t.wait.waitAll)
      if (i < 0) continue
      const { objects, waitAll } = t.wait
      this.detach(t)
      this.sched.wakeUp(t, this.take(t, objects, waitAll, i))
      if (!obj.isSignaled(t)) {
        // An auto-reset event or a taken mutex satisfies one waiter only — unless it is signalled again.
        if (!(obj instanceof KEvent) || !obj.manualReset) break
      }
    }
  }

  setEvent(e: KEvent): void {
    e.signaled = true
    this.signal(e)
  }

  /** PulseEvent: release the waiters that can be released now, then reset. */
  pulseEvent(e: KEvent): void {
    e.signaled = true
    this.signal(e)
    e.signaled = false
  }

  releaseMutex(t: Thread, m: KMutex): boolean {
    if (m.owner !== t) return false
    if (--m.count === 0) {
      m.owner = null
      t.mutexes?.delete(m)
      this.signal(m)
    }
    return true
  }

  releaseSemaphore(s: KSemaphore, n: number): number | undefined {
    if (n <= 0 || s.count + n > s.max) return undefined
    const prev = s.count
    s.count += n
    this.signal(s)
    return prev
  }

  /** Remove a thread from every wait queue (wait satisfied, timed out, or thread terminated). */
  detach(t: Thread): void {
    const w = t.wait
    if (!w) return
    for (const o of w.objects) {
      const i = o.waiters.indexOf(t)
      if (i >= 0) o.waiters.splice(i, 1)
    }
    w.cancelTimer?.()
    t.wait = null
  }

  private satisfied(t: Thread, objects: Waitable[], waitAll: boolean): number {
    if (waitAll) return objects.every((o) => o.isSignaled(t)) ? 0 : -1
    return objects.findIndex((o) => o.isSignaled(t))
  }

  /** Consume the signals and return the wait result: WAIT_ABANDONED + i when a mutex taken was abandoned. */
  private take(t: Thread, objects: Waitable[], waitAll: boolean, i: number): number {
    let abandoned = -1
    const one = (o: Waitable, at: number): void => {
      if (o instanceof KMutex && o.abandoned) {
        o.abandoned = false
        if (abandoned < 0) abandoned = at
      }
      o.acquire(t)
    }
    if (waitAll) objects.forEach(one)
    else one(objects[i]!, i)
    return abandoned >= 0 ? WAIT_ABANDONED + (waitAll ? 0 : abandoned) : WAIT_OBJECT_0 + i
  }

  /** A thread ended: the mutexes it still holds are abandoned, and their waiters may take them. */
  threadEnded(t: Thread): void {
    this.detach(t)
    const set = t.mutexes
    if (!set) return
    t.mutexes = null
    for (const m of set) {
      if (m.owner !== t) continue
      m.owner = null
      m.count = 0
      m.abandoned = true
      this.signal(m)
    }
  }
}
