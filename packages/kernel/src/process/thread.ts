// A simulated thread: an async function run by the scheduler, one at a time. Its execution frames say which
// process is active, whose user address space (VM) it sees, and whether it runs in kernel mode.
import type { DriverStack } from '../errors/exceptions.js'
import type { Process } from './process.js'

export const enum ThreadState {
  /** Created but never run, or woken and waiting for the CPU. */
  Ready,
  Running,
  Blocked,
  /** A caller (test-driven) thread with nothing to do. */
  Idle,
  Done,
}

/**
 * One level of a thread's execution: a call into the kernel, a driver entry point, a thread start routine.
 * `ranges` lists the caller buffers the driver may touch directly in this frame: flat triples
 * [start, end, origin], e.g. the first-level parameters of an IOControl.
 */
export interface ExecFrame {
  readonly prev: ExecFrame | null
  /** e.g. "serial.dll!COM_IOControl" or "DeviceIoControl". */
  readonly label: string
  /** The process whose code runs (NK for kernel-mode drivers, udevice for user-mode ones). */
  readonly process: Process
  /** Whose user VM this frame sees; null = keep whatever is loaded (a kernel thread: fact sheet §3). */
  readonly vm: Process | null
  readonly kernelMode: boolean
  /** The process that made the call being served (for GetCallerVMProcessId and the verifier). */
  readonly caller: Process | null
  /** Owner tag of the driver running in this frame (0 if none): its heap pages are "own" memory. */
  readonly owner: number
  /** Driver name for reports ('' outside drivers). */
  readonly driver: string
  /** Entry point or start routine name ('' outside drivers). */
  readonly entry: string
  ranges: number[]
  /** Free-form per-frame data for subsystems (e.g. the marshalling helpers' open buffers). */
  data?: Map<string, unknown>
}

export interface WaitRecord {
  /** The objects waited on; the thread is queued on each. */
  objects: Waitable[]
  waitAll: boolean
  /** Timer cancel function, if a timeout was given. */
  cancelTimer: (() => void) | null
}

export interface Waitable {
  readonly kindName: string
  /** True if a wait would be satisfied now. */
  isSignaled(t: Thread): boolean
  /** Consume the signal for `t` (auto-reset events reset, mutexes are acquired). */
  acquire(t: Thread): void
  waiters: Thread[]
}

export class Thread implements Waitable {
  readonly kindName = 'thread'
  handleCount = 0
  state = ThreadState.Ready
  lastError = 0
  /** CE priority: 0 is highest, 255 lowest; THREAD_PRIORITY_NORMAL is 251. */
  priority = 251
  frame: ExecFrame
  /** Resolves the promise the thread is blocked on. */
  wake: ((value: number) => void) | null = null
  /** The scheduler's "this activation is over" callback (thread blocked or finished). */
  signal: (() => void) | null = null
  /** What a blocked thread is waiting for. */
  wait: WaitRecord | null = null
  /** Set once the thread used up its step budget: every later kernel call throws again. */
  hung: DriverStack | null = null
  /** Set when the owning process is exiting: the thread ends when it next leaves the kernel. */
  terminating = false
  exitCode = 0
  /** Listeners for thread end (WaitForSingleObject on a thread handle, process teardown). */
  waiters: Thread[] = []
  /** Start routine not yet run. */
  startRoutine: (() => unknown) | null = null

  constructor(
    readonly id: number,
    readonly process: Process,
    readonly name: string,
    base: ExecFrame,
  ) {
    this.frame = base
  }

  /** A thread handle is signalled when the thread has ended. */
  isSignaled(): boolean {
    return this.state === ThreadState.Done
  }

  acquire(): void {}

  get kernelMode(): boolean {
    return this.frame.kernelMode
  }

  /** The simulated call chain, innermost first. */
  frames(): string[] {
    const out: string[] = []
    for (let f: ExecFrame | null = this.frame; f; f = f.prev) out.push(f.label)
    return out
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
