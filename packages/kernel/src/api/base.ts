// The API boundary between driver code and the kernel. Every call is counted against the step budget and traced
// (api-call, then api-return with the result and last error). Failures inside the kernel are ApiErrors; here they
// become SetLastError(code) plus the API's failure value, as the real coredll/kernel do.
import type { ModuleInstance } from '../devmgr/module.js'
import { ApiError, fail } from '../errors/api-error.js'
import { ERROR_INVALID_HANDLE } from '../errors/win32.js'
import { IsolationRefusal, refuseOutside, traceIsolation } from '../privileged/isolation.js'
import type { Machine } from '../machine.js'
import { Mem } from '../memory/mem.js'
import type { KernelObject } from '../process/handles.js'
import { settle } from '../process/settle.js'
import type { Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import type { Trace } from '../trace/trace.js'

type Ctor<T> = abstract new (...args: never[]) => T

/** The machine behind an API object, for the API families (never exported from the package: issue 14 hole 7). */
export let machineOf: (api: ApiBase) => Machine
/** The driver module an API object serves. */
export let moduleOf: (api: ApiBase) => ModuleInstance

export abstract class ApiBase {
  /** Checked, traced memory access through the running thread (see memory/mem.ts). */
  readonly mem: Mem
  // JS private fields, not TypeScript's `protected`: `(ctx as any).m` must not reach the machine (issue 14 hole 7).
  readonly #m: Machine
  readonly #mod: ModuleInstance

  static {
    machineOf = (api) => api.#m
    moduleOf = (api) => api.#mod
  }

  constructor(m: Machine, mod: ModuleInstance) {
    this.#m = m
    this.#mod = mod
    // The module's own view of memory: an access from code running outside the module's frames is refused.
    this.mem = new Mem(m.sched, m.memory, m.trace, m.kernel.id, m.options.jsStacks, { owner: mod.tag, kernelMode: mod.process.kind === 'kernel', driver: mod.dll, ledgers: m.mem, machine: m })
  }

  /** A synchronous API: `fn` runs on the calling thread; an ApiError becomes the last error and `failure`. */
  protected call<T>(name: string, args: readonly number[], failure: T, fn: (t: Thread) => T): T {
    const t = this.enter(name, args)
    if (machineOf(this).faults !== null && this.faultInjected(name, t)) return this.leave(t, name, failure)
    let r: T
    try {
      r = fn(t)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (e instanceof IsolationRefusal) traceIsolation(machineOf(this), name, args[0] ?? 0, e, moduleOf(this).dll)
      t.lastError = e.code
      r = failure
    }
    this.leave(t, name, r)
    return r
  }

  /** An API that may block (or call another driver): the result may be a promise the driver awaits. */
  protected callAsync<T>(name: string, args: readonly number[], failure: T, fn: (t: Thread) => T | Promise<T>): T | Promise<T> {
    const t = this.enter(name, args)
    if (machineOf(this).faults !== null && this.faultInjected(name, t)) return this.leave(t, name, failure)
    return settle(
      () => fn(t),
      (r) => this.leave(t, name, r),
      (e) => {
        if (!(e instanceof ApiError)) throw e
        if (e instanceof IsolationRefusal) traceIsolation(machineOf(this), name, args[0] ?? 0, e, moduleOf(this).dll)
        t.lastError = e.code
        return this.leave(t, name, failure)
      },
    )
  }

  /** An API the device manager serves: it runs in a kernel frame on the calling thread (fact sheet §3). */
  protected callKernel<T>(name: string, args: readonly number[], failure: T, fn: (t: Thread) => T | Promise<T>): T | Promise<T> {
    return this.callAsync(name, args, failure, (t) => {
      const f = machineOf(this).enterKernel(t, name)
      return settle(
        () => fn(t),
        (r) => {
          machineOf(this).leave(t, f)
          return r
        },
        (e) => {
          machineOf(this).leave(t, f)
          throw e
        },
      )
    })
  }

  /** Fault injection (api/fault-injection.ts): true when this call must fail; its last error is then set. */
  private faultInjected(name: string, t: Thread): boolean {
    const code = machineOf(this).faults!.check(name, moduleOf(this).dll, t.frame)
    if (code !== 0) t.lastError = code
    return code !== 0
  }

  /** The calling thread, after what every API checks first: one of this module's frames innermost, a scheduler step. */
  private admit(name: string, a: number): Thread {
    const m = machineOf(this)
    const mod = moduleOf(this)
    const t = m.currentThread(name)
    if (t.frame.owner !== mod.tag) refuseOutside(m, t, mod.dll, name, a)
    m.sched.tick()
    return t
  }

  private enter(name: string, args: readonly number[]): Thread {
    const t = this.admit(name, args[0] ?? 0)
    const tr = machineOf(this).trace
    if (tr.enabled) tr.emit(Ev.ApiCall, tr.intern(name), args[0] ?? 0, args[1] ?? 0, args[2] ?? 0)
    return t
  }

  private leave<T>(t: Thread, name: string, r: T): T {
    const tr = machineOf(this).trace
    if (tr.enabled) tr.emit(Ev.ApiReturn, tr.intern(name), returnDword(r), t.lastError, 0)
    return r
  }

  /**
   * What call() does before the API body, for hot APIs that spell call() out (the marshalling helpers): the first
   * three arguments as numbers, no argument array, no closure, the name interned once. Pair it with leaveNamed().
   */
  protected enterNamed(n: ApiName, a: number, b: number, c: number): Thread {
    const t = this.admit(n.name, a)
    const tr = machineOf(this).trace
    if (tr.enabled) tr.emit(Ev.ApiCall, nameId(tr, n), a, b, c)
    return t
  }

  protected leaveNamed<T>(t: Thread, n: ApiName, r: T): T {
    const tr = machineOf(this).trace
    if (tr.enabled) tr.emit(Ev.ApiReturn, nameId(tr, n), returnDword(r), t.lastError, 0)
    return r
  }

  /** Where the running driver code is, for allocation sites: "serial.dll!COM_Open". */
  protected site(t: Thread): string {
    return t.frame.label
  }

  /** A new handle in the module's process, owned by the module (leak reports). */
  protected addHandle(t: Thread, obj: KernelObject): number {
    return moduleOf(this).process.handles.add(obj, moduleOf(this).tag, this.site(t), t.openContext())
  }

  /** The object behind a handle of the module's process, of the expected class; ERROR_INVALID_HANDLE otherwise. */
  protected object<T>(h: number, cls: Ctor<T>, what: string): T {
    const o = moduleOf(this).process.handles.get(h)
    if (!(o instanceof cls)) fail(ERROR_INVALID_HANDLE, `${h} is not ${what} handle`)
    return o
  }
}

function returnDword(r: unknown): number {
  if (typeof r === 'number') return r >>> 0
  if (typeof r === 'boolean') return r ? 1 : 0
  return 0
}

/** An API name and its id in the trace that interned it last: hot APIs skip the intern table's Map lookup. */
export interface ApiName {
  readonly name: string
  trace: Trace | null
  id: number
}

export const apiName = (name: string): ApiName => ({ name, trace: null, id: 0 })

function nameId(tr: Trace, n: ApiName): number {
  if (n.trace !== tr) {
    n.id = tr.intern(n.name)
    n.trace = tr
  }
  return n.id
}
