// Threads, synchronisation objects and time for drivers. Blocking calls (waits, Sleep) return a promise the driver
// awaits; a wait that is already satisfied returns its result directly (`await` takes either).
import { machineOf, moduleOf } from './base.js'
import { fail } from '../errors/api-error.js'
import { UsageError } from '../errors/exceptions.js'
import { ERROR_ALREADY_EXISTS, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_NOT_OWNER } from '../errors/win32.js'
import type { Awaitable } from '../devmgr/driver.js'
import { Process } from '../process/process.js'
import { settle } from '../process/settle.js'
import { INFINITE, KEvent, KMutex, KSemaphore, MAXIMUM_WAIT_OBJECTS, WAIT_FAILED } from '../process/sync.js'
import { NO_PARAMS, Thread } from '../process/thread.js'
import type { KernelObject } from '../process/handles.js'
import type { Waitable } from '../process/thread.js'
import { MemoryApi } from './memory-api.js'

export type ThreadRoutine = (param: number) => Awaitable<number | void>

export interface CreateThreadOptions {
  /** Shown in stacks and the trace; defaults to the routine's function name. */
  name?: string
  /** CE priority 0 (highest) … 255; default 251 (THREAD_PRIORITY_NORMAL). ISTs typically run at 103 or so. */
  priority?: number
}

export abstract class SyncApi extends MemoryApi {
  /**
   * CreateThread for a driver: `routine(param)` runs on a new thread of the module's process. A kernel-mode driver's
   * thread has no VM of its own: it sees whichever process's user space was loaded last (fact sheet §3).
   * Returns a thread handle, or 0. An exception escaping the routine is a bugcheck in kernel mode.
   */
  CreateThread(routine: ThreadRoutine, param = 0, opts: CreateThreadOptions = {}): number {
    return this.call('CreateThread', [param], 0, (t) => {
      if (typeof routine !== 'function') fail(ERROR_INVALID_PARAMETER, 'CreateThread: routine must be a function')
      const prio = opts.priority === undefined ? undefined : priority(opts.priority)
      const name = opts.name ?? (routine.name || 'thread')
      const kernel = moduleOf(this).process.kind === 'kernel'
      const nt = machineOf(this).newThread(moduleOf(this).process, name, 'driver', {
        label: `${moduleOf(this).dll}!${name}`,
        vm: kernel ? null : moduleOf(this).process,
        kernelMode: kernel,
        caller: null,
        owner: moduleOf(this).tag,
        driver: moduleOf(this).dll,
        entry: name,
        params: NO_PARAMS,
        openContext: 0,
      })
      if (prio !== undefined) nt.priority = prio
      moduleOf(this).threads.add(nt)
      machineOf(this).sched.start(nt, () =>
        settle(
          () => routine(param),
          (code) => {
            moduleOf(this).threads.delete(nt)
            machineOf(this).endThread(nt, typeof code === 'number' ? code : 0)
          },
          (e) => {
            moduleOf(this).threads.delete(nt)
            machineOf(this).threadFailed(nt, e)
          },
        ),
      )
      return this.addHandle(t, nt)
    })
  }

  CeSetThreadPriority(h: number, p: number): boolean {
    return this.call('CeSetThreadPriority', [h, p], false, () => {
      this.object(h, Thread, 'a thread').priority = priority(p)
      return true
    })
  }

  CeGetThreadPriority(h: number): number {
    return this.call('CeGetThreadPriority', [h], 0x7fffffff, () => this.object(h, Thread, 'a thread').priority)
  }

  GetCurrentThreadId(): number {
    return this.call('GetCurrentThreadId', [], 0, (t) => t.id)
  }

  GetCurrentProcessId(): number {
    return this.call('GetCurrentProcessId', [], 0, (t) => t.frame.process.id)
  }

  /** The process whose VM the thread uses, or the kernel's id when it has none (fact sheet §3). */
  GetCallerVMProcessId(): number {
    return this.call('GetCallerVMProcessId', [], 0, (t) => (t.frame.vm ?? machineOf(this).kernel).id)
  }

  /** The process that made the call being served: the kernel for a kernel-to-kernel call. */
  GetDirectCallerProcessId(): number {
    return this.call('GetDirectCallerProcessId', [], 0, (t) => (t.frame.caller ?? machineOf(this).kernel).id)
  }

  /** Virtual milliseconds since boot. */
  GetTickCount(): number {
    return this.call('GetTickCount', [], 0, () => Math.floor(machineOf(this).sched.now) >>> 0)
  }

  SetLastError(code: number): void {
    // `undefined >>> 0` is 0: a driver that passes a missing constant would report success without a word.
    if (typeof code !== 'number' || !Number.isInteger(code)) throw new UsageError(`SetLastError: dwErrCode must be an integer error code, got ${describeArg(code)}`)
    machineOf(this).currentThread('SetLastError').lastError = code >>> 0
  }

  GetLastError(): number {
    return machineOf(this).currentThread('GetLastError').lastError
  }

  CreateEvent(manualReset: boolean, initialState: boolean, name?: string): number {
    return this.call('CreateEvent', [manualReset ? 1 : 0, initialState ? 1 : 0], 0, (t) =>
      this.named(t, name, KEvent, () => new KEvent(manualReset, initialState, name ?? '')),
    )
  }

  SetEvent(h: number): boolean {
    return this.call('SetEvent', [h], false, () => {
      machineOf(this).waits.setEvent(this.object(h, KEvent, 'an event'))
      return true
    })
  }

  ResetEvent(h: number): boolean {
    return this.call('ResetEvent', [h], false, () => {
      this.object(h, KEvent, 'an event').signaled = false
      return true
    })
  }

  PulseEvent(h: number): boolean {
    return this.call('PulseEvent', [h], false, () => {
      machineOf(this).waits.pulseEvent(this.object(h, KEvent, 'an event'))
      return true
    })
  }

  CreateMutex(initialOwner: boolean, name?: string): number {
    return this.call('CreateMutex', [initialOwner ? 1 : 0], 0, (t) =>
      this.named(t, name, KMutex, () => {
        const mx = new KMutex()
        if (initialOwner) mx.acquire(t)
        return mx
      }),
    )
  }

  /**
   * InitializeCriticalSection, for C drivers: the kernel mutex behind a CRITICAL_SECTION record
   * (cdriver/imports/sync.ts); a handle of the module's process. Not a fault-injection site: CE6's
   * InitializeCriticalSection returns nothing a driver could check.
   */
  InitializeCriticalSection(): number {
    return this.call('InitializeCriticalSection', [], 0, (t) => this.addHandle(t, new KMutex()))
  }

  ReleaseMutex(h: number): boolean {
    return this.call('ReleaseMutex', [h], false, (t) => machineOf(this).waits.releaseMutex(t, this.object(h, KMutex, 'a mutex')) || fail(ERROR_NOT_OWNER, 'not the owner'))
  }

  CreateSemaphore(initialCount: number, maximumCount: number, name?: string): number {
    return this.call('CreateSemaphore', [initialCount, maximumCount], 0, (t) => {
      if (!(maximumCount > 0) || initialCount < 0 || initialCount > maximumCount) fail(ERROR_INVALID_PARAMETER, 'semaphore counts')
      return this.named(t, name, KSemaphore, () => new KSemaphore(initialCount, maximumCount))
    })
  }

  /** ReleaseSemaphore: the previous count, or false (ERROR_INVALID_PARAMETER when the count would pass the maximum). */
  ReleaseSemaphore(h: number, releaseCount: number): number | false {
    return this.call('ReleaseSemaphore', [h, releaseCount], false as number | false, () => {
      const prev = machineOf(this).waits.releaseSemaphore(this.object(h, KSemaphore, 'a semaphore'), releaseCount)
      return prev ?? fail(ERROR_INVALID_PARAMETER, 'count past the maximum')
    })
  }

  /** WaitForSingleObject(h, ms): WAIT_OBJECT_0, WAIT_TIMEOUT, or WAIT_FAILED (ERROR_INVALID_HANDLE). */
  WaitForSingleObject(h: number, ms: number = INFINITE): Awaitable<number> {
    return this.callAsync('WaitForSingleObject', [h, ms], WAIT_FAILED, (t) => machineOf(this).waits.wait(t, [this.waitable(h)], false, ms >>> 0))
  }

  WaitForMultipleObjects(handles: readonly number[], waitAll: boolean, ms: number = INFINITE): Awaitable<number> {
    return this.callAsync('WaitForMultipleObjects', [handles.length, waitAll ? 1 : 0, ms], WAIT_FAILED, (t) => {
      if (!handles.length || handles.length > MAXIMUM_WAIT_OBJECTS) fail(ERROR_INVALID_PARAMETER, `${handles.length} handles`)
      return machineOf(this).waits.wait(t, handles.map((h) => this.waitable(h)), waitAll, ms >>> 0)
    })
  }

  /** Sleep(ms): Sleep(0) yields to other ready threads. Always await it. */
  Sleep(ms: number): Promise<void> {
    const r = this.callAsync('Sleep', [ms], 0, (t) => machineOf(this).waits.sleep(t, ms >>> 0))
    return Promise.resolve(r).then(() => undefined)
  }

  private waitable(h: number): Waitable {
    const o = moduleOf(this).process.handles.get(h) as (KernelObject & Partial<Waitable>) | undefined
    if (!o || typeof o.isSignaled !== 'function' || !(o instanceof KEvent || o instanceof KMutex || o instanceof KSemaphore || o instanceof Thread || o instanceof Process)) {
      fail(ERROR_INVALID_HANDLE, `${h} is not a waitable handle`)
    }
    return o as Waitable
  }

  /** Named objects are machine-wide: opening an existing name gives a new handle to it and ERROR_ALREADY_EXISTS. */
  private named<T extends KernelObject>(t: Thread, name: string | undefined, cls: new (...a: never[]) => T, make: () => T): number {
    if (!name) return this.addHandle(t, make())
    const existing = machineOf(this).namedObjects.get(name)
    if (existing) {
      if (!(existing instanceof cls)) fail(ERROR_INVALID_HANDLE, `"${name}" names a ${existing.kindName}`)
      t.lastError = ERROR_ALREADY_EXISTS
      return this.addHandle(t, existing)
    }
    const obj = make()
    machineOf(this).namedObjects.set(name, obj)
    t.lastError = 0
    return this.addHandle(t, obj)
  }
}

function priority(p: number): number {
  if (!Number.isInteger(p) || p < 0 || p > 255) fail(ERROR_INVALID_PARAMETER, `thread priority ${p} (0–255)`)
  return p
}

function describeArg(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : typeof x === 'number' ? String(x) : x === undefined ? 'undefined (a misspelt or missing constant?)' : x === null ? 'null' : `a value of type ${typeof x}`
}
