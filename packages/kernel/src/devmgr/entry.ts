// Calling a driver entry point. The call runs on the calling thread in a frame of the driver's process, with the
// caller's VM still loaded (kernel-mode server: fact sheet §3), and the first-level pointer parameters recorded so
// the trace can tell them from other memory. An exception in the driver is caught, as the device manager and
// udevice catch it in CE6: the call fails with ERROR_INVALID_PARAMETER (SPEC "Decisions"). A hang or a bugcheck is
// not the driver's error to catch: it goes on up.
import { captureJsStack, isMachineError } from '../errors/exceptions.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import { isThenable } from '../process/settle.js'
import type { Process } from '../process/process.js'
import type { ExecFrame, Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import type { Device } from './device.js'
import type { EntryName } from './driver.js'

/** What callEntry returns when the driver threw (the caller decides the failure value; last error is set). */
export const FAULT: unique symbol = Symbol('driver exception')
export type Faulted = typeof FAULT

/** Errors that are the machine's, not the driver's, pass through entry points: recognised by the machine's brand,
 *  never by name (errors/exceptions.ts). */
export { isMachineError }

export function callEntry(
  m: Machine,
  t: Thread,
  dev: Device,
  name: EntryName,
  args: readonly unknown[],
  params: readonly number[],
  /** The open context (DeviceFile id) the call serves; 0 for none (ExecFrame.openContext). */
  openContext = 0,
): unknown {
  // A user-mode driver is reached through its reflector, which maps the buffers and calls invokeEntry.
  if (dev.reflector !== null) return dev.reflector.forward(t, name, args, openContext)
  return invokeEntry(m, t, dev, name, args, params, null, openContext)
}

/**
 * Run the entry point on `t`. `vm` is the process whose VM the driver sees: null for a kernel-mode driver (the
 * caller's stays loaded), the udevice for a user-mode one (the thread migrates into the host).
 */
export function invokeEntry(
  m: Machine,
  t: Thread,
  dev: Device,
  name: EntryName,
  args: readonly unknown[],
  params: readonly number[],
  vm: Process | null,
  openContext: number,
): unknown {
  const mod = dev.module!
  const prev = t.frame
  const f: ExecFrame = {
    prev,
    label: dev.labels[name]!,
    process: mod.process,
    vm: vm ?? prev.vm,
    kernelMode: mod.process.kind === 'kernel',
    caller: prev.caller,
    owner: mod.tag,
    driver: mod.dll,
    entry: name,
    params,
    openContext,
  }
  dev.refs++
  t.frame = f
  m.sched.frameChanged(t)
  m.trace.emit(Ev.EntryEnter, dev.activeId, dev.labelIds[name]!, f.caller?.id ?? 0, firstParamIsInput(name, args))
  // The synchronous route creates no closures: this is the hot path of every IOCTL.
  let r: unknown
  try {
    r = (dev.entries[name] as (...a: readonly unknown[]) => unknown).apply(undefined, args as unknown[])
  } catch (e) {
    return entryThrew(m, t, dev, f, e)
  }
  if (isThenable(r)) {
    return r.then(
      (v) => entryReturned(m, t, dev, f, v),
      (e) => entryThrew(m, t, dev, f, e),
    )
  }
  return entryReturned(m, t, dev, f, r)
}

function leaveEntry(m: Machine, t: Thread, dev: Device, f: ExecFrame): void {
  t.frame = f.prev!
  m.sched.frameChanged(t)
  if (--dev.refs === 0 && dev.deinitPending) m.devmgr.deferredDeinit(dev)
}

function entryReturned(m: Machine, t: Thread, dev: Device, f: ExecFrame, r: unknown): unknown {
  leaveEntry(m, t, dev, f)
  m.trace.emit(Ev.EntryExit, dev.activeId, dev.labelIds[f.entry as EntryName]!, f.caller?.id ?? 0, toDword(r))
  return r
}

function entryThrew(m: Machine, t: Thread, dev: Device, f: ExecFrame, e: unknown): typeof FAULT {
  leaveEntry(m, t, dev, f)
  if (isMachineError(e)) throw e
  m.trace.emit(Ev.DriverException, dev.activeId, dev.labelIds[f.entry as EntryName]!, f.caller?.id ?? 0, 0, {
    driver: f.driver,
    entry: f.entry,
    error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    stack: captureJsStack(e),
  })
  t.lastError = ERROR_INVALID_PARAMETER
  return FAULT
}

/**
 * EntryEnter's d: 1 when the first [start, end) pair of the frame's params is an input-only buffer (IOControl's
 * lpInBuf, Write's buffer), so the verifier can tell a write through it (CE6-M03). Both the device manager and the
 * reflector list the input buffer first and skip NULL or empty buffers.
 */
function firstParamIsInput(name: EntryName, args: readonly unknown[]): number {
  if (name === 'Write') return args[1] && args[2] ? 1 : 0
  return name === 'IOControl' && args[2] && args[3] ? 1 : 0
}

/** An entry point's return value as the DWORD/BOOL the device manager sees. */
export function toDword(r: unknown): number {
  if (typeof r === 'boolean') return r ? 1 : 0
  if (typeof r === 'number') return r >>> 0
  return 0
}
