// One simulated CE6 machine: memory, processes and threads on a virtual clock, the registry, the device manager,
// interrupts and the OAL, and the trace of everything. Nothing is global: two machines never share state.
import { CallerProcess, type ProcessOptions } from './caller/caller-process.js'
import { callerResult, type ActivateResult, type CallResult } from './caller/results.js'
import { DeviceManager, type DeviceInfo, type RegIni } from './devmgr/device-manager.js'
import { AccessViolation, Bugcheck, ProcessGone, UsageError, captureJsStack, type DriverStack, type HangError, isMachineError, machineError } from './errors/exceptions.js'
import { ERROR_INVALID_HANDLE } from './errors/win32.js'
import { DeviceFile, closeFile } from './devmgr/file.js'
import type { KernelObject } from './process/handles.js'
import { RegKeyHandle } from './registry/key-handle.js'
import { FaultInjector, type FaultPlan } from './api/fault-injection.js'
import { faultPlan, resolveOptions, type MachineOptions, type RegistrySource, type ResolvedOptions } from './machine-options.js'
import { Heap } from './memory/heap.js'
import { Mem } from './memory/mem.js'
import { MemorySystem } from './memory/memory-system.js'
import { PageKind } from './memory/page-table.js'
import { InterruptController } from './privileged/interrupts.js'
import { Oal } from './privileged/oal.js'
import { Process, type ProcessKind } from './process/process.js'
import { Rng } from './process/rng.js'
import { Scheduler } from './process/scheduler.js'
import { settle, andThen } from './process/settle.js'
import { Waits } from './process/sync.js'
import { NO_PARAMS, Thread, ThreadState, type ExecFrame, type ThreadKind } from './process/thread.js'
import { createDefaultRegistry } from './registry/default-registry.js'
import { Registry } from './registry/registry.js'
import { Callbacks } from './reflector/callbacks.js'
import { UdeviceHosts } from './reflector/udevice.js'
import { Gwes } from './ui/gwes.js'
import { Ev } from './trace/events.js'
import { Trace } from './trace/trace.js'
import type { Leak } from './devmgr/module.js'

/** nk.exe's process id. */
export const KERNEL_PID = 1

export interface ShutdownReport {
  /** Everything a driver module still held when it was unloaded. */
  leaks: readonly Leak[]
  /** Threads and calls declared hung during the machine's life. */
  hangs: readonly HangError[]
  bugcheck: Bugcheck | null
}

export class Machine {
  readonly options: ResolvedOptions
  readonly trace: Trace
  readonly registry: Registry
  readonly memory = new MemorySystem()
  readonly sched: Scheduler
  readonly waits: Waits
  readonly mem: Mem
  readonly kernel: Process
  readonly interrupts: InterruptController
  readonly oal: Oal
  readonly devmgr: DeviceManager
  /** The udevice.exe hosts of user-mode drivers. */
  readonly udevices: UdeviceHosts
  /** Callback routines and function tables (CeDriverMapCallbackFunction, exportFunctionTable). */
  readonly callbacks: Callbacks
  /** UI calls made by user-mode code (MessageBox, …). */
  readonly gwes = new Gwes()
  readonly processes = new Map<number, Process>()
  /** Hangs reported so far (step budget, blocked forever, livelock, foreign awaits). */
  readonly hangs: HangError[] = []
  /** Leaks found when driver modules were unloaded. */
  readonly leaks: Leak[] = []
  bugcheck: Bugcheck | null = null
  /** Fault injection, when on (injectFaults): the API boundary asks it whether each driver call fails. */
  faults: FaultInjector | null = null
  /** Named events, mutexes and semaphores: machine-wide, as CE's object names are. */
  readonly namedObjects = new Map<string, KernelObject>()
  private nextPid = KERNEL_PID
  private nextTid = 1
  private nextTag = 1
  private readonly harnessThreads: Thread[] = []

  constructor(options: MachineOptions = {}) {
    this.options = resolveOptions(options)
    this.sched = new Scheduler(
      {
        rng: new Rng(this.options.seed),
        schedule: this.options.schedule,
        stepBudget: this.options.stepBudget,
        hangTimeout: this.options.hangTimeout,
        maxActivations: this.options.maxActivations,
      },
      {
        onSwitch: (from, to) => this.onSwitch(from, to),
        onHang: (t, err) => this.onHang(t, err),
        onCallerEnded: (t) => this.onCallerEnded(t),
      },
    )
    this.trace = new Trace(this.sched, this.options.traceCapacity)
    this.waits = new Waits(this.sched)
    this.mem = new Mem(this.sched, this.memory, this.trace, KERNEL_PID, this.options.jsStacks)
    this.registry = buildRegistry(this.options.defaultRegistry, this.options.registry)
    this.kernel = this.newProcess('nk.exe', 'kernel', true)
    this.interrupts = new InterruptController(this)
    for (const slot of this.options.hardware) this.interrupts.attach(slot)
    this.oal = new Oal(this)
    this.devmgr = new DeviceManager(this)
    this.udevices = new UdeviceHosts(this)
    this.callbacks = new Callbacks(this)
    if (this.options.faults) this.injectFaults(this.options.faults)
  }

  // ---- the public API ------------------------------------------------------------------------------------

  /** Virtual time in milliseconds since boot. */
  get now(): number {
    return this.sched.now
  }

  /**
   * ActivateDeviceEx(lpszDevKey, lpReg, cReg, lpvParam) called by the kernel (a trusted caller): loads the driver
   * of the registry key and calls its Init. Resolves with the device handle (0 on failure) and the last error.
   */
  ActivateDeviceEx(devKey: string, regini: readonly RegIni[] = [], lpvParam = 0): Promise<ActivateResult> {
    return this.harnessOp('ActivateDeviceEx', (t) => this.devmgr.ActivateDeviceEx(t, devKey, regini, lpvParam)).then(
      ({ value, lastError }) => ({ ...callerResult(value, value !== 0, lastError, 0), handle: value, device: this.devmgr.info(value) }),
    )
  }

  /** DeactivateDevice(hDevice) called by the kernel. */
  DeactivateDevice(hDevice: number): Promise<CallResult> {
    return this.harnessOp('DeactivateDevice', (t) => this.devmgr.DeactivateDevice(t, hDevice)).then(({ value, lastError }) =>
      callerResult(value ? 1 : 0, !!value, lastError, 0),
    )
  }

  /** A user process that test code drives: memory, device calls, threads, exit. */
  createProcess(name: string, opts: ProcessOptions = {}): CallerProcess {
    if (typeof name !== 'string' || !name) throw machineError(new UsageError('createProcess(name): name must be a non-empty string such as "app.exe"'))
    this.assertRunning()
    return new CallerProcess(this, this.newProcess(name, 'user', opts.trusted ?? true))
  }

  /** Run ready threads until none is ready (virtual time does not move). */
  run(): Promise<void> {
    return this.sched.run()
  }

  /** Let `ms` of virtual time pass: timers and device events in that span happen in order. */
  advance(ms: number): Promise<void> {
    return this.sched.advance(ms)
  }

  /** Suspend: PowerDown for every device in reverse load order (fact sheet §9.7). */
  suspend(): Promise<void> {
    return this.harnessOp('PowerDown', (t) => this.devmgr.powerAll(t, 'PowerDown')).then(() => undefined)
  }

  /** Resume: PowerUp for every device in load order. */
  resume(): Promise<void> {
    return this.harnessOp('PowerUp', (t) => this.devmgr.powerAll(t, 'PowerUp')).then(() => undefined)
  }

  /**
   * Make driver API calls fail from now on, as they do when memory runs out: `{ nth }` the nth fallible call,
   * `{ api, nth }` the nth call of one API, `{ seed, rate }` each fallible call at random (api/fault-injection.ts).
   * Each failure is traced as a note { faultInjected }. Returns the injector (its `calls` and `injected`); a new
   * plan replaces the old one, `null` turns injection off.
   */
  injectFaults(plan: FaultPlan | null): FaultInjector | null {
    this.faults = plan === null ? null : new FaultInjector(faultPlan(plan, 'injectFaults(plan): plan'), this.trace)
    return this.faults
  }

  /** The active devices, in load order. */
  devices(): DeviceInfo[] {
    return this.devmgr.list()
  }

  /**
   * Give the machine's reusable buffers back (its trace ring) once nothing will read its trace again: after
   * shutdown and the reports. Optional: an undisposed machine is simply collected. The trace is empty afterwards.
   */
  dispose(): void {
    this.trace.release()
  }

  /**
   * End the machine's life: deactivate every device (newest first, NOUNLOAD ones too), end the user processes, and
   * report what driver modules leaked, what hung, and any bugcheck.
   */
  async shutdown(): Promise<ShutdownReport> {
    if (!this.bugcheck) {
      for (const p of [...this.processes.values()]) if (p.kind === 'user' && !p.exiting) await CallerProcess.of(this, p).exit(0)
      await this.harnessOp('shutdown', (t) => this.devmgr.deactivateAll(t))
      this.udevices.shutdown()
    }
    return { leaks: [...this.leaks], hangs: [...this.hangs], bugcheck: this.bugcheck }
  }

  // ---- kernel internals used by the subsystems ------------------------------------------------------------

  /** The thread making a kernel call; a call from outside any simulated thread is a usage error. */
  currentThread(api: string): Thread {
    const t = this.sched.current
    if (t === null) {
      throw machineError(new UsageError(
        `${api} was called outside a simulated thread: driver code ran after awaiting something that is not a kernel object, or from a callback the machine did not schedule`,
      ))
    }
    if (this.sched.stopped) throw this.sched.stopped
    // Code of a udevice that died goes no further, even if it caught the first ProcessGone.
    const p = t.frame.process
    if (p.exited && p.kind === 'udevice') throw machineError(new ProcessGone(p.name))
    return t
  }

  newProcess(name: string, kind: ProcessKind, trusted: boolean): Process {
    const id = this.nextPid++
    const tag = this.newTag()
    const space = kind === 'kernel' ? null : this.memory.createUserSpace(name, this.options.processCommitLimit)
    const heap = new Heap(space ?? this.memory.kernel, PageKind.Private, tag)
    const p = new Process(id, name, kind, space, heap, tag, trusted)
    this.processes.set(id, p)
    this.trace.emit(Ev.ProcessCreate, id, 0, 0, 0, name)
    return p
  }

  newTag(): number {
    return this.nextTag++
  }

  /** A thread whose base frame is `base`. Driver threads start Ready (see startDriverThread); others Idle. */
  newThread(process: Process, name: string, kind: ThreadKind, base: Omit<ExecFrame, 'prev' | 'process'>): Thread {
    const t = new Thread(this.nextTid++, process, name, kind, { prev: null, process, ...base })
    process.threads.add(t)
    this.trace.emit(Ev.ThreadCreate, t.id, process.id, 0, 0, name)
    return t
  }

  /** Push a kernel frame on `t` for an API call: nk.exe becomes active, the VM stays (fact sheet §3). */
  enterKernel(t: Thread, label: string): ExecFrame {
    const prev = t.frame
    const f: ExecFrame = {
      prev,
      label,
      process: this.kernel,
      vm: prev.vm,
      kernelMode: true,
      caller: prev.process,
      owner: 0,
      driver: '',
      entry: '',
      params: NO_PARAMS,
      openContext: 0,
    }
    t.frame = f
    return f
  }

  leave(t: Thread, f: ExecFrame): void {
    t.frame = f.prev ?? t.base
    this.sched.frameChanged(t)
  }

  /** Run `fn` on a trusted kernel thread of the device manager (the harness for test-level kernel calls). */
  harnessOp<T>(label: string, fn: (t: Thread) => T | Promise<T>): Promise<{ value: T; lastError: number }> {
    if (this.sched.stopped) return Promise.reject(this.sched.stopped)
    let t = this.harnessThreads.find((h) => h.state === ThreadState.Idle)
    if (!t) {
      t = this.newThread(this.kernel, `devmgr${this.harnessThreads.length || ''}`, 'harness', kernelThreadFrame('device.exe'))
      this.harnessThreads.push(t)
    }
    const th = t
    return this.sched.runOp(th, () => {
      th.lastError = 0
      const f = this.enterKernel(th, label)
      return settle(
        () => fn(th),
        (value) => {
          this.leave(th, f)
          return { value, lastError: th.lastError }
        },
        (e) => {
          this.leave(th, f)
          throw e
        },
      )
    })
  }

  /** Queue a kernel thread of the kernel itself (the device manager's deferred work). */
  spawnKernelThread(name: string, fn: (t: Thread) => unknown): Thread {
    const t = this.newThread(this.kernel, name, 'driver', kernelThreadFrame(name))
    this.sched.start(t, () =>
      settle(
        () => fn(t),
        () => this.endThread(t, 0),
        (e) => this.threadFailed(t, e),
      ),
    )
    return t
  }

  /** A thread's routine returned: it is done, and waits on its handle are satisfied. */
  endThread(t: Thread, exitCode: number): void {
    t.exitCode = exitCode >>> 0
    t.process.threads.delete(t)
    this.trace.emit(Ev.ThreadExit, t.id, t.process.id, exitCode >>> 0, 0)
    this.sched.finishThread(t)
    this.waits.threadEnded(t)
    this.waits.signal(t)
  }

  /**
   * An exception escaped a thread's routine. A hang was already reported by the scheduler; anything else on a
   * kernel thread is a bugcheck (SPEC "Decisions"): the machine stops; on a udevice thread the host dies.
   */
  threadFailed(t: Thread, e: unknown): void {
    if (isHang(e) || t.hung) {
      t.process.threads.delete(t)
      this.sched.finishThread(t, ThreadState.Hung)
      this.waits.threadEnded(t)
      this.waits.signal(t)
      return
    }
    if (e === this.sched.stopped) return
    const host = t.process.kind === 'udevice' ? this.udevices.of(t.process) : undefined
    if (host) {
      // In user mode the exception ends the udevice process, not the machine (SPEC "Decisions").
      t.process.threads.delete(t)
      this.sched.finishThread(t, ThreadState.Done)
      this.waits.threadEnded(t)
      this.waits.signal(t)
      this.udevices.crash(host, t, e)
      return
    }
    const f = t.driverFrame()
    const stack: DriverStack = { frames: t.frames(), js: captureJsStack(e) }
    this.stop(machineError(new Bugcheck(f?.driver || t.process.name, f?.entry || t.name, e, stack)), t)
  }

  /** Stop the machine with a bugcheck: every pending call rejects with it, and so does every later one. */
  stop(b: Bugcheck, t: Thread | null = null): void {
    if (this.bugcheck) return
    this.bugcheck = b
    this.trace.emit(Ev.Bugcheck, t?.id ?? 0, 0, 0, 0, { driver: b.driver, entry: b.entry, message: b.message })
    if (t) this.sched.finishThread(t, ThreadState.Done)
    this.sched.stop(b)
  }

  /**
   * The last step of any process's end (a caller's exit, a udevice's): its memory goes, waits on its handle are
   * satisfied, its callback routines are forgotten, and the trace records the exit with `p.exitCode`.
   */
  processExited(p: Process): void {
    p.exited = true
    p.space?.releaseAll()
    this.waits.signal(p)
    this.callbacks.forget(p)
    this.trace.emit(Ev.ProcessExit, p.id, p.exitCode >>> 0, 0, 0, p.name)
  }

  /** Kernel-mode copy through the loaded VM, untraced (the kernel's own work). Throws AccessViolation. */
  kernelCopy(addr: number, buf: Uint8Array, write: boolean): void {
    this.memory.copy(addr, buf, write, true, this.sched.vm?.space ?? null)
  }

  /** Write a DWORD for the kernel (e.g. *lpNumberOfBytesRead); false if the address faults. */
  kernelPoke32(_t: Thread, addr: number, v: number): boolean {
    try {
      this.memory.writeU32(addr, v, true, this.sched.vm?.space ?? null)
      return true
    } catch (e) {
      if (e instanceof AccessViolation) return false
      throw e
    }
  }

  openKeyHandle(p: Process, path: string, owner: number, site: string, openContext = 0): number {
    return p.handles.add(new RegKeyHandle(path), owner, site, openContext)
  }

  /** Remove a handle without calling any driver (module unload, process teardown). */
  closeKernelHandle(p: Process, h: number): boolean {
    return p.handles.remove(h) !== undefined
  }

  /** CloseHandle on thread `t` (inside a kernel frame): a device file calls its driver's PreClose/Close. */
  closeHandle(t: Thread, p: Process, h: number): boolean | Promise<boolean> {
    const obj = p.handles.remove(h)
    if (!obj) {
      t.lastError = ERROR_INVALID_HANDLE
      return false
    }
    if (obj instanceof DeviceFile) return andThen(closeFile(this, t, obj), () => true)
    return true
  }

  assertRunning(): void {
    if (this.sched.stopped) throw this.sched.stopped
  }

  private onSwitch(from: Thread | null, to: Thread): void {
    this.trace.emit(Ev.ThreadSwitch, from?.id ?? 0, to.id, this.sched.vm?.id ?? 0, 0)
  }

  /** A thread of an exiting process finished the call it was in: it ends, and perhaps the process with it. */
  private onCallerEnded(t: Thread): void {
    t.process.threads.delete(t)
    this.waits.threadEnded(t)
    if (t.process.exiting) CallerProcess.of(this, t.process).finishExit()
  }

  private onHang(t: Thread, err: HangError): void {
    this.hangs.push(err)
    if (t.kind === 'driver') this.waits.threadEnded(t)
    this.trace.emit(Ev.Hang, t.id, 0, 0, 0, { driver: err.driver, entry: err.entry, why: err.why, frames: err.stack_.frames })
  }
}

/** Build a machine. See MachineOptions for what can be given. */
export function createMachine(options: MachineOptions = {}): Machine {
  return new Machine(options)
}

/**
 * Registries built from text alone, by their sources, cloned for each machine (performance: a property run boots a
 * machine per generated case from the same .reg text; a clone skips the parse lookup, the validation and the case
 * folding of every key and value). Object sources are not cached: they are the caller's objects and may change.
 */
const builtRegistries = new Map<string, Registry>()
const BUILT_REGISTRIES = 16

/** The last build: its sources, each {file, text} as it read then, and the template (a property run's next machine
 *  has the same sources again, and skips making the key). */
let last: { defaults: boolean; sources: readonly RegistrySource[]; read: (RegFile | null)[]; template: Registry } | null = null

function buildRegistry(defaults: boolean, sources: readonly RegistrySource[]): Registry {
  if (last && last.defaults === defaults && sameSources(last, sources)) return last.template.clone()
  const key = textKey(defaults, sources)
  if (key === null) return loadRegistry(defaults, sources)
  let template = builtRegistries.get(key)
  if (!template) {
    template = loadRegistry(defaults, sources) // throws on a bad source: nothing is cached
    if (builtRegistries.size >= BUILT_REGISTRIES) builtRegistries.delete(builtRegistries.keys().next().value!)
    builtRegistries.set(key, template)
  }
  last = { defaults, sources: [...sources], read: sources.map((x) => (isRegFile(x) ? { file: x.file, text: x.text } : null)), template }
  return template.clone()
}

/** The same sources in the same order, a {file, text} object still holding what it held then. */
function sameSources(l: NonNullable<typeof last>, b: readonly RegistrySource[]): boolean {
  if (l.sources.length !== b.length) return false
  for (let i = 0; i < b.length; i++) {
    const s = b[i]!
    const r = l.read[i]
    if (s !== l.sources[i] || (r && (!isRegFile(s) || s.file !== r.file || s.text !== r.text))) return false
  }
  return true
}

/** The cache key of sources that are all text (with the names errors would give them), or null. */
function textKey(defaults: boolean, sources: readonly RegistrySource[]): string | null {
  let key = defaults ? 'd' : 'n'
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]
    if (typeof s === 'string') key += `\0registry[${i}]\0${s}`
    else if (isRegFile(s)) key += `\0${s.file}\0${s.text}`
    else return null
  }
  return key
}

type RegFile = { file: string; text: string }
const isRegFile = (s: unknown): s is RegFile =>
  typeof (s as { text?: unknown }).text === 'string' && typeof (s as { file?: unknown }).file === 'string'

function loadRegistry(defaults: boolean, sources: readonly RegistrySource[]): Registry {
  const reg = defaults ? createDefaultRegistry() : new Registry()
  sources.forEach((s, i) => {
    if (typeof s === 'string') reg.load(s, `registry[${i}]`)
    else if (isRegFile(s)) reg.load(s.text, s.file)
    else reg.loadObject(s as Record<string, Record<string, never>>)
  })
  return reg
}

/** The base frame of a thread of the kernel itself: kernel mode, no VM of its own (fact sheet §3). */
function kernelThreadFrame(label: string): Omit<ExecFrame, 'prev' | 'process'> {
  return { label, vm: null, kernelMode: true, caller: null, owner: 0, driver: '', entry: '', params: NO_PARAMS, openContext: 0 }
}

const isHang = (e: unknown): e is HangError => e instanceof Error && e.name === 'HangError' && isMachineError(e)
