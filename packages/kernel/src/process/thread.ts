// A simulated thread: an async function run by the scheduler, one at a time. Its execution frames say which
// process is active, whose user address space (VM) it sees, and whether it runs in kernel mode.
import type { DriverStack } from '../errors/exceptions.js'
import type { Process } from './process.js'
import type { KMutex } from './sync.js'

export const enum ThreadState {
  /** Waiting for the CPU (new, or woken). */
  Ready,
  Running,
  /** Parked on a kernel object, a timer or Sleep. */
  Blocked,
  /** A caller or harness thread with no call in progress: test code drives it. */
  Idle,
  Done,
  /** Declared hung (step budget, livelock, or awaiting something that is not a kernel object): never runs again. */
  Hung,
}

export type ThreadKind = 'caller' | 'harness' | 'driver'

/**
 * One level of a thread's execution: a call into the kernel, a driver entry point, a thread start routine.
 * A frame is pushed per call and never mutated, so a blocked thread keeps exactly the context it had.
 */
export interface ExecFrame {
  readonly prev: ExecFrame | null
  /** e.g. "serial.dll!COM_IOControl" or "DeviceIoControl". */
  readonly label: string
  /** The process whose code runs (nk.exe for kernel-mode drivers). */
  readonly process: Process
  /** Whose user VM this frame sees; null = keep whatever is loaded (a kernel thread: fact sheet §3). */
  readonly vm: Process | null
  readonly kernelMode: boolean
  /** The process that made the call being served (GetDirectCallerProcessId; null on a driver's own thread). */
  readonly caller: Process | null
  /** Owner tag of the driver module running in this frame (0 if none): pages with this tag are its own memory. */
  readonly owner: number
  /** Driver DLL name for reports ('' outside drivers). */
  readonly driver: string
  /** Entry point or start routine name ('' outside drivers). */
  readonly entry: string
  /** The caller buffers passed as first-level parameters of this call: flat [start, end) pairs. */
  readonly params: readonly number[]
  /**
   * The open context (DeviceFile id) whose call this frame serves: Open, IOControl, Read, Write, Seek, PreClose or
   * Close on that handle. 0 for none (Init, Deinit, power calls, threads, kernel frames) and for an Open made while
   * the device had no other open context (what it allocates may be the device's shared state: docs/conformance.md).
   */
  readonly openContext: number
}

export const NO_PARAMS: readonly number[] = Object.freeze([])

/** Something a thread can wait on (events, mutexes, semaphores, threads, processes). */
export interface Waitable {
  readonly kindName: string
  /** True if a wait by `t` would be satisfied now. */
  isSignaled(t: Thread): boolean
  /** Consume the signal for `t` (auto-reset events reset, mutexes are acquired). */
  acquire(t: Thread): void
  waiters: Thread[]
}

export interface WaitRecord {
  objects: Waitable[]
  waitAll: boolean
  /** Cancels the timeout timer, if any. */
  cancelTimer: (() => void) | null
}

export class Thread implements Waitable {
  readonly kindName = 'thread'
  handleCount = 0
  state: ThreadState
  lastError = 0
  /** CE priority: 0 is highest, 255 lowest; THREAD_PRIORITY_NORMAL is 251. */
  priority = 251
  frame: ExecFrame
  /** Resumes the thread's code with a wake value (set while Blocked). */
  wake: ((value: number) => void) | null = null
  /** Makes the blocked call throw instead (abortWait). */
  abort: ((e: unknown) => void) | null = null
  /** What runs when the scheduler next gives this thread the CPU. */
  continuation: (() => void) | null = null
  /** Tells the scheduler this activation is over (the thread blocked or finished). */
  signal: (() => void) | null = null
  wait: WaitRecord | null = null
  /** Set once the thread is declared hung: every later kernel call throws again. */
  hung: DriverStack | null = null
  /** The owning process is exiting: the thread ends when its current call returns. */
  terminating = false
  exitCode = 0
  waiters: Thread[] = []
  /** A caller thread's DWORD in its own process for lpBytesReturned and friends (0 until first needed). */
  scratch = 0
  /** @internal The mutexes this thread holds (process/sync.ts), abandoned when it ends. */
  mutexes: Set<KMutex> | null = null

  constructor(
    readonly id: number,
    readonly process: Process,
    readonly name: string,
    readonly kind: ThreadKind,
    readonly base: ExecFrame,
  ) {
    this.frame = base
    this.state = kind === 'driver' ? ThreadState.Ready : ThreadState.Idle
  }

  /** A thread handle is signalled when the thread has ended. */
  isSignaled(): boolean {
    return this.state === ThreadState.Done || this.state === ThreadState.Hung
  }

  acquire(): void {}

  get kernelMode(): boolean {
    return this.frame.kernelMode
  }

  get alive(): boolean {
    return this.state !== ThreadState.Done && this.state !== ThreadState.Hung
  }

  /** The simulated call chain, innermost first. */
  frames(): string[] {
    const out: string[] = []
    for (let f: ExecFrame | null = this.frame; f; f = f.prev) out.push(f.label)
    return out
  }

  /** The open context the nearest driver frame serves (0 for none): what the driver allocates now is tied to it. */
  openContext(): number {
    for (let f: ExecFrame | null = this.frame; f; f = f.prev) if (f.driver) return f.openContext
    return 0
  }

  /** The nearest frame that runs driver code. */
  driverFrame(): ExecFrame | null {
    for (let f: ExecFrame | null = this.frame; f; f = f.prev) if (f.driver) return f
    return null
  }

  toString(): string {
    return `t${this.id}(${this.process.name}:${this.name})`
  }
}
