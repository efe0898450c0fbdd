// CeCallUserProc (fact sheet §8, behaviour 37): a kernel-mode driver runs a function of a helper DLL in user mode,
// in a udevice host, with one flat input buffer and one output buffer — a copy of each, in the host, so nothing the
// helper does can reach kernel memory, and an embedded kernel pointer inside the input is unusable there. The helper
// DLL is registered like a driver (the machine's `drivers` catalogue) and stays loaded in its host; the host is the
// one of process group `userProcGroup` (default 3, the group common.reg gives udevice.exe: docs/decisions.md).
// From user mode the call is in-process: LoadLibrary, GetProcAddress, call, FreeLibrary (the coredll thunk).
import type { ModuleInstance } from '../devmgr/module.js'
import { fail } from '../errors/api-error.js'
import { ProcessGone, isMachineError } from '../errors/exceptions.js'
import { ERROR_INVALID_PARAMETER, ERROR_PROC_NOT_FOUND } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { ParamPtr } from '../memory/pointers.js'
import { andThen, settle } from '../process/settle.js'
import type { ExecFrame, Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import type { UdeviceHost } from './udevice.js'

/** A helper function: BOOL fn(lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize, lpBytesReturned). */
export type UserProc = (pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pBytesReturned: ParamPtr) => unknown

export function ceCallUserProc(
  m: Machine,
  t: Thread,
  dll: string,
  fn: string,
  pIn: number,
  nIn: number,
  pOut: number,
  nOut: number,
  pRet: number,
): boolean | Promise<boolean> {
  if (!dll || !fn || !pIn || !pOut || !pRet) fail(ERROR_INVALID_PARAMETER, 'CeCallUserProc needs every pointer argument')
  if (!t.frame.kernelMode) return callInProcess(m, t, dll, fn, pIn, nIn, pOut, nOut, pRet)
  const host = m.udevices.hostFor(m.options.userProcGroup)
  const mod = loadHelper(m, t, host, dll)
  const proc = mod.exports[fn]
  if (typeof proc !== 'function') fail(ERROR_PROC_NOT_FOUND, `${dll} exports no ${fn}`)
  const input = new Uint8Array(nIn >>> 0)
  m.kernelCopy(pIn, input, false)
  const heap = host.process.heap
  const qIn = heap.alloc(Math.max(input.length, 1), `${dll}!CeCallUserProc`)
  const qOut = heap.alloc(Math.max(nOut >>> 0, 1), `${dll}!CeCallUserProc`)
  const qRet = heap.alloc(4, `${dll}!CeCallUserProc`)
  const space = host.process.space
  m.memory.copy(qIn, input, true, false, space)
  m.memory.writeU32(qRet, 0, false, space)
  m.trace.emit(Ev.Note, t.id, host.process.id, input.length, nOut >>> 0, { ceCallUserProc: `${dll}!${fn}` })
  const prev = t.frame
  const f: ExecFrame = {
    prev,
    label: `${mod.dll}!${fn}`,
    process: host.process,
    vm: host.process,
    kernelMode: false,
    caller: prev.process,
    owner: mod.tag,
    driver: mod.dll,
    entry: fn,
    params: [qIn, qIn + input.length, qOut, qOut + (nOut >>> 0), qRet, qRet + 4],
    openContext: 0,
  }
  t.frame = f
  m.sched.frameChanged(t)
  const free = (): void => {
    t.frame = prev
    m.sched.frameChanged(t)
    if (host.alive) for (const q of [qIn, qOut, qRet]) heap.freeBlock(q)
  }
  let r: unknown
  try {
    r = (proc as UserProc)(qIn as ParamPtr, input.length, qOut as ParamPtr, nOut >>> 0, qRet as ParamPtr)
  } catch (e) {
    free()
    return threw(m, e)
  }
  return andThen(
    Promise.resolve(r).then(
      (v) => ({ v }),
      (e: unknown) => ({ e }),
    ),
    (res: { v?: unknown; e?: unknown }) => {
      if ('e' in res) {
        free()
        return threw(m, res.e)
      }
      return finish(m, t, host, res.v, qOut, qRet, pOut, nOut, pRet, free)
    },
  )
}

function finish(m: Machine, t: Thread, host: UdeviceHost, v: unknown, qOut: number, qRet: number, pOut: number, nOut: number, pRet: number, free: () => void): boolean {
  const space = host.process.space
  const returned = m.memory.readU32(qRet, false, space)
  const out = new Uint8Array(Math.min(returned, nOut >>> 0))
  m.memory.copy(qOut, out, false, false, space)
  free()
  if (!(v === true || (typeof v === 'number' && v !== 0))) return false
  // The UI proxy fails a call that returned no bytes or more than the caller's buffer holds (behaviour 37).
  if (returned === 0) fail(ERROR_INVALID_PARAMETER, 'the helper returned no bytes')
  if (returned > nOut >>> 0) fail(ERROR_INVALID_PARAMETER, `the helper returned ${returned} bytes for a ${nOut}-byte buffer`)
  m.kernelCopy(pOut, out, true)
  m.kernelPoke32(t, pRet, returned)
  return true
}

/** An exception in the helper fails the call, as udevice catches exceptions per call (behaviour 34). */
function threw(m: Machine, e: unknown): boolean {
  if (isMachineError(e) && !(e instanceof ProcessGone)) throw e
  m.trace.emit(Ev.DriverException, 0, 0, 0, 0, { entry: 'CeCallUserProc', error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
  fail(ERROR_INVALID_PARAMETER, 'the helper function threw')
}

/**
 * User mode: the helper runs in the calling process with the caller's own buffers (no copy: same process), loaded
 * for the call and freed after it unless the process had it loaded already. An exception propagates to the caller,
 * as any function call's would.
 */
function callInProcess(m: Machine, t: Thread, dll: string, fn: string, pIn: number, nIn: number, pOut: number, nOut: number, pRet: number): boolean | Promise<boolean> {
  const process = t.frame.process
  const loaded = m.devmgr.isLoaded(dll, process)
  const mod = m.devmgr.loadModule(t, dll, process)
  const unload = (): void => {
    if (!loaded) m.leaks.push(...m.devmgr.unloadModule(mod))
  }
  const proc = mod.exports[fn]
  if (typeof proc !== 'function') {
    unload()
    fail(ERROR_PROC_NOT_FOUND, `${dll} exports no ${fn}`)
  }
  m.trace.emit(Ev.Note, t.id, process.id, nIn >>> 0, nOut >>> 0, { ceCallUserProc: `${dll}!${fn}`, inProcess: true })
  // A plain call into the helper DLL, in a frame of its module: its ctx acts only from frames of its own.
  const prev = t.frame
  t.frame = { ...prev, prev, label: `${mod.dll}!${fn}`, owner: mod.tag, driver: mod.dll, entry: fn }
  m.sched.frameChanged(t)
  const back = (): void => {
    t.frame = prev
    m.sched.frameChanged(t)
  }
  return andThen(
    settle<unknown, { v?: unknown; e?: unknown }>(
      () => (proc as UserProc)(pIn as ParamPtr, nIn >>> 0, pOut as ParamPtr, nOut >>> 0, pRet as ParamPtr),
      (v) => ({ v }),
      (e) => ({ e }),
    ),
    (res: { v?: unknown; e?: unknown }) => {
      back()
      unload()
      if ('e' in res) throw res.e
      if (!(res.v === true || (typeof res.v === 'number' && res.v !== 0))) return false
      const returned = m.memory.readU32(pRet, false, process.space)
      if (returned > nOut >>> 0) fail(ERROR_INVALID_PARAMETER, `the helper returned ${returned} bytes for a ${nOut}-byte buffer`)
      return true
    },
  )
}

function loadHelper(m: Machine, t: Thread, host: UdeviceHost, dll: string): ModuleInstance {
  const mod = m.devmgr.loadModule(t, dll, host.process)
  host.helpers.add(mod)
  return mod
}
