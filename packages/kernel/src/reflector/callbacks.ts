// Callbacks into processes and direct function tables (SPEC "Decisions"; fact sheet §10.4). A process, or a
// kernel-mode client driver, registers a routine with CeDriverMapCallbackFunction; a kernel-mode driver invokes it
// with CeDriverPerformCallback and the thread migrates into the owner process to run it. A user-mode driver cannot
// (PerformCallBack is NotSupported for user mode: behaviour 19). Drivers in one process may call each other's
// function tables directly (a bus and its clients in one udevice); a table that lives in another process cannot be
// called — which is what breaks a user-mode bus driver with a kernel-mode client.
import { fail } from '../errors/api-error.js'
import { ProcessGone, isMachineError } from '../errors/exceptions.js'
import { ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { Process } from '../process/process.js'
import { settle } from '../process/settle.js'
import type { ExecFrame, Thread } from '../process/thread.js'
import { NO_PARAMS } from '../process/thread.js'
import { Ev } from '../trace/events.js'

export type CallbackRoutine = (param: number) => unknown

interface Registered<T> {
  process: Process
  value: T
  owner: number
  label: string
}

/** Callback ids and table pointers look like addresses of small records in the owner's memory. */
const CALLBACK_BASE = 0x00c0_0000
const TABLE_BASE = 0x00d0_0000

export class Callbacks {
  private readonly routines = new Map<number, Registered<CallbackRoutine>>()
  private readonly tables = new Map<number, Registered<Readonly<Record<string, unknown>>>>()
  private next = 0

  constructor(private readonly m: Machine) {}

  /** CeDriverMapCallbackFunction: `fn` runs later in `process`. Returns the callback id to hand to the driver. */
  map(process: Process, fn: CallbackRoutine, owner: number, label: string): number {
    if (typeof fn !== 'function') fail(ERROR_INVALID_PARAMETER, 'the callback must be a function')
    const id = (CALLBACK_BASE + 16 * ++this.next) >>> 0
    this.routines.set(id, { process, value: fn, owner, label })
    return id
  }

  /** CeDriverPerformCallback on thread `t`: run the routine in its owner process; resolves with its DWORD result. */
  perform(t: Thread, id: number, param: number): number | Promise<number> {
    if (!t.frame.kernelMode) fail(ERROR_NOT_SUPPORTED, 'a user-mode driver cannot call back into a process')
    const cb = this.routines.get(id >>> 0)
    if (!cb || cb.process.exited || cb.process.exiting) fail(ERROR_INVALID_HANDLE, `no callback ${id >>> 0}`)
    const prev = t.frame
    const kernel = cb.process.kind === 'kernel'
    const f: ExecFrame = {
      prev,
      label: cb.label,
      process: cb.process,
      vm: kernel ? prev.vm : cb.process,
      kernelMode: kernel,
      caller: prev.process,
      owner: cb.owner,
      driver: '',
      entry: 'callback',
      params: NO_PARAMS,
      openContext: 0,
    }
    t.frame = f
    this.m.sched.frameChanged(t)
    this.m.trace.emit(Ev.Note, id >>> 0, cb.process.id, param >>> 0, 0, { callback: cb.label })
    const back = (): void => {
      t.frame = prev
      this.m.sched.frameChanged(t)
    }
    return settle(
      () => cb.value(param >>> 0),
      (r) => {
        back()
        return typeof r === 'number' ? r >>> 0 : r ? 1 : 0
      },
      (e) => {
        back()
        if (isMachineError(e) && !(e instanceof ProcessGone)) throw e
        fail(ERROR_INVALID_PARAMETER, `the callback threw: ${e instanceof Error ? e.message : String(e)}`)
      },
    )
  }

  /** A driver publishes a table of functions; the pointer is valid in its own process only. */
  exportTable(process: Process, table: Readonly<Record<string, unknown>>, owner: number, label: string): number {
    if (typeof table !== 'object' || table === null) fail(ERROR_INVALID_PARAMETER, 'a function table must be an object')
    const p = (TABLE_BASE + 16 * ++this.next) >>> 0
    this.tables.set(p, { process, value: table, owner, label })
    return p
  }

  /** Call `name` through a table pointer from thread `t`: a direct call in the same process, else refused. */
  callTable(t: Thread, ptr: number, name: string, args: readonly unknown[]): unknown {
    const tab = this.tables.get(ptr >>> 0)
    if (!tab || tab.process.exited) fail(ERROR_INVALID_PARAMETER, `${ptr >>> 0} is not a function table`)
    if (tab.process !== t.frame.process) {
      this.m.trace.emit(Ev.Privileged, this.m.trace.intern('callFunctionTable'), 0, ptr >>> 0, ERROR_NOT_SUPPORTED, {
        reason: `the table of ${tab.label} lives in ${tab.process.name}, the caller runs in ${t.frame.process.name}`,
      })
      fail(ERROR_NOT_SUPPORTED, `a function table in ${tab.process} cannot be called from ${t.frame.process}`)
    }
    const fn = tab.value[name]
    if (typeof fn !== 'function') fail(ERROR_INVALID_PARAMETER, `the table of ${tab.label} has no function ${name}`)
    // A direct call into the table's module, in a frame of that module (its ctx acts only from frames of its own).
    const prev = t.frame
    t.frame = { ...prev, prev, label: `${tab.label}: ${name}`, owner: tab.owner, driver: tab.label.split('!')[0] ?? tab.label, entry: name }
    this.m.sched.frameChanged(t)
    const back = (): void => {
      t.frame = prev
      this.m.sched.frameChanged(t)
    }
    return settle(
      () => (fn as (...a: unknown[]) => unknown).apply(tab.value, args as unknown[]),
      (r) => (back(), r),
      (e) => {
        back()
        throw e
      },
    )
  }

  /** A process ended: its routines and tables go with it. */
  forget(process: Process): void {
    for (const [k, v] of this.routines) if (v.process === process) this.routines.delete(k)
    for (const [k, v] of this.tables) if (v.process === process) this.tables.delete(k)
  }
}
