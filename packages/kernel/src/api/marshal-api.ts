// The marshalling helpers (fact sheet §5–§7): CeOpenCallerBuffer and friends, and the CE5 APIs as CE6 ships them.
// The helpers return HRESULTs (and leave the last error alone); the pointer a C caller gets through an out
// parameter comes back beside the HRESULT, 0 on failure. The work is in marshal/.
import { ApiError } from '../errors/api-error.js'
import { E_FAIL, E_INVALIDARG, S_OK } from '../errors/win32.js'
import type { AsyncPtr, MarshalledPtr, Ptr, UnsafePtr } from '../memory/pointers.js'
import { allocAsyncBuffer, flushAsyncBuffer, freeAsyncBuffer } from '../marshal/async-buffer.js'
import { closeCallerBuffer, openCallerBuffer } from '../marshal/caller-buffer.js'
import { HrError } from '../marshal/descriptors.js'
import { allocDuplicateBuffer, freeDuplicateBuffer } from '../marshal/duplicate-buffer.js'
import { marshalEnv, traceMarshal, traceMarshalBuffer, type MarshalEnv } from '../marshal/env.js'
import type { MarshalBuffer } from '../marshal/ledger.js'
import type { Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import { apiName, type ApiName, machineOf, moduleOf } from './base.js'
import { DeviceApi } from './device-api.js'

/** A helper that hands back a pointer: the HRESULT and the pointer (0 when the HRESULT is a failure). */
export interface MarshalResult<P> {
  hr: number
  ptr: P
}

interface Outcome {
  hr: number
  buffer?: MarshalBuffer | undefined
}

/** An open helper of marshal/: the buffer it made (its `dest` is the pointer returned). Throws HrError. */
type OpenHelper = (env: MarshalEnv, src: number, cb: number, desc: number, forceDuplicate: boolean) => MarshalBuffer
/** A close/free/flush helper of marshal/; `extra` is the flush's pSrcUnmarshalled. Throws HrError. */
type CloseHelper = (env: MarshalEnv, dest: number, src: number, cb: number, desc: number, extra: number) => Outcome

/** The helpers' names, interned once per machine (see ApiName). */
const NAMES = {
  CeOpenCallerBuffer: apiName('CeOpenCallerBuffer'),
  CeCloseCallerBuffer: apiName('CeCloseCallerBuffer'),
  CeAllocAsynchronousBuffer: apiName('CeAllocAsynchronousBuffer'),
  CeFreeAsynchronousBuffer: apiName('CeFreeAsynchronousBuffer'),
  CeFlushAsynchronousBuffer: apiName('CeFlushAsynchronousBuffer'),
  CeAllocDuplicateBuffer: apiName('CeAllocDuplicateBuffer'),
  CeFreeDuplicateBuffer: apiName('CeFreeDuplicateBuffer'),
}

const flushHelper: CloseHelper = (env, dest, srcSync, cb, desc, srcUnmarshalled) => flushAsyncBuffer(env, dest, srcSync, srcUnmarshalled, cb, desc)

export abstract class MarshalApi extends DeviceApi {
  /** One env per module, its thread set per call (see open()). */
  #marshalEnvCache: MarshalEnv | null = null

  /**
   * CeOpenCallerBuffer(ppDestMarshalled, pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate): `src` is a
   * raw pointer read from the caller's buffer (an embedded pointer). Kernel mode without ForceDuplicate gives `src`
   * back (direct access); with it, or in user mode, a heap copy.
   */
  CeOpenCallerBuffer(src: number, cb: number, desc: number, forceDuplicate: boolean): MarshalResult<MarshalledPtr> {
    return this.open(NAMES.CeOpenCallerBuffer, openCallerBuffer, src, cb, desc, forceDuplicate) as MarshalResult<MarshalledPtr>
  }

  /** CeCloseCallerBuffer(pDestMarshalled, pSrcUnmarshalled, cbSrc, ArgumentDescriptor). */
  CeCloseCallerBuffer(dest: Ptr | number, src: number, cb: number, desc: number): number {
    return this.close(NAMES.CeCloseCallerBuffer, closeCallerBuffer, dest, src, cb, desc, 0)
  }

  /** CeAllocAsynchronousBuffer(ppDestAsyncMarshalled, pSrcSyncMarshalled, cbSrc, ArgumentDescriptor): during the call only. */
  CeAllocAsynchronousBuffer(srcSyncMarshalled: Ptr, cb: number, desc: number): MarshalResult<AsyncPtr> {
    return this.open(NAMES.CeAllocAsynchronousBuffer, allocAsyncBuffer, srcSyncMarshalled, cb, desc, false) as MarshalResult<AsyncPtr>
  }

  /** CeFreeAsynchronousBuffer(pDestAsyncMarshalled, pSrcSyncMarshalled, cbSrc, ArgumentDescriptor). */
  CeFreeAsynchronousBuffer(dest: AsyncPtr | number, srcSyncMarshalled: Ptr | number, cb: number, desc: number): number {
    return this.close(NAMES.CeFreeAsynchronousBuffer, freeAsyncBuffer, dest, srcSyncMarshalled, cb, desc, 0)
  }

  /** CeFlushAsynchronousBuffer(pDestAsyncMarshalled, pSrcSyncMarshalled, pSrcUnmarshalled, cbSrc, ArgumentDescriptor). */
  CeFlushAsynchronousBuffer(dest: AsyncPtr | number, srcSyncMarshalled: Ptr | number, srcUnmarshalled: number, cb: number, desc: number): number {
    return this.close(NAMES.CeFlushAsynchronousBuffer, flushHelper, dest, srcSyncMarshalled, cb, desc, srcUnmarshalled)
  }

  /** CeAllocDuplicateBuffer(ppDestDuplicate, pSrcMarshalled, cbSrc, ArgumentDescriptor): always a heap copy. */
  CeAllocDuplicateBuffer(srcMarshalled: Ptr, cb: number, desc: number): MarshalResult<MarshalledPtr> {
    return this.open(NAMES.CeAllocDuplicateBuffer, allocDuplicateBuffer, srcMarshalled, cb, desc, false) as MarshalResult<MarshalledPtr>
  }

  /** CeFreeDuplicateBuffer(pDestDuplicate, pSrcMarshalled, cbSrc, ArgumentDescriptor): writes back O/IO, then frees. */
  CeFreeDuplicateBuffer(dest: MarshalledPtr | number, srcMarshalled: Ptr | number, cb: number, desc: number): number {
    return this.close(NAMES.CeFreeDuplicateBuffer, freeDuplicateBuffer, dest, srcMarshalled, cb, desc, 0)
  }

  // ---- CE5 APIs, as CE6 ships them (fact sheet §7, behaviour 18): they do nothing, and are always noted ----------

  /** MapCallerPtr(ptr, dwLen): "The PSL interface already validated the pointer for you" — `ptr`, unchanged. */
  MapCallerPtr(ptr: number, len: number): UnsafePtr {
    return this.ce5('MapCallerPtr', [ptr, len], ptr >>> 0) as UnsafePtr
  }

  /** MapPtrToProcess(lpv, hProc): "!!!NOT SUPPORTED" — `lpv`, unchanged. */
  MapPtrToProcess(ptr: number, hProcess: number): UnsafePtr {
    return this.ce5('MapPtrToProcess', [ptr, hProcess], ptr >>> 0) as UnsafePtr
  }

  /** SetKMode(fMode): "ERROR!!! Calling SetKMode" — 0, and the thread's mode does not change. */
  SetKMode(mode: number): number {
    return this.ce5('SetKMode', [mode], 0)
  }

  /** SetProcPermissions(newperms): 0; the thread gains no access to any process. */
  SetProcPermissions(perms: number): number {
    return this.ce5('SetProcPermissions', [perms], 0)
  }

  GetCurrentPermissions(): number {
    return this.ce5('GetCurrentPermissions', [], 0)
  }

  // ---- the boundary ----------------------------------------------------------------------------------------
  // call() spelled out, without its closure and argument array: every embedded pointer costs an open and a close.

  /** An open helper as an API: traced as api-call(src, cb, desc), Ev.Marshal, api-return (b = 0: a struct). */
  private open(api: ApiName, helper: OpenHelper, src: number, cb: number, desc: number, force: boolean): MarshalResult<number> {
    const t = this.enterNamed(api, src, cb, desc)
    const faults = machineOf(this).faults
    const fault = faults === null ? 0 : faults.check(api.name, moduleOf(this).dll, t.frame)
    let r: MarshalResult<number>
    try {
      r = this.opened(api.name, fault ? failWith(fault) : helper, this.envFor(t), src, cb, desc, force)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      t.lastError = e.code
      r = { hr: E_INVALIDARG, ptr: 0 }
    }
    return this.leaveNamed(t, api, r)
  }

  private opened(api: string, helper: OpenHelper, env: MarshalEnv, src: number, cb: number, desc: number, force: boolean): MarshalResult<number> {
    let b: MarshalBuffer
    try {
      b = helper(env, src >>> 0, cb, desc, force)
    } catch (e) {
      const err = asHrError(e)
      traceMarshal(env, { op: api, hr: err.hr, addr: src, size: cb, desc, src, why: err.message })
      return { hr: err.hr, ptr: 0 }
    }
    traceMarshalBuffer(env, api, S_OK, b)
    return { hr: S_OK, ptr: b.dest }
  }

  /** A close/free/flush helper as an API: traced as api-call(dest, src, cb), Ev.Marshal, api-return(HRESULT). */
  private close(api: ApiName, helper: CloseHelper, dest: number, src: number, cb: number, desc: number, extra: number): number {
    const t = this.enterNamed(api, dest, src, cb)
    let hr: number
    try {
      hr = this.closed(api.name, helper, this.envFor(t), dest, src, cb, desc, extra)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      t.lastError = e.code
      hr = E_INVALIDARG
    }
    return this.leaveNamed(t, api, hr)
  }

  private closed(api: string, helper: CloseHelper, env: MarshalEnv, dest: number, src: number, cb: number, desc: number, extra: number): number {
    let o: Outcome
    try {
      o = helper(env, dest, src, cb, desc, extra)
    } catch (e) {
      const err = asHrError(e)
      traceMarshal(env, { op: api, hr: err.hr, addr: dest, size: cb, desc, src, why: err.message })
      return err.hr
    }
    if (o.buffer) traceMarshalBuffer(env, api, o.hr, o.buffer)
    else traceMarshal(env, { op: api, hr: o.hr, addr: dest, size: cb, desc, src, why: undefined })
    return o.hr
  }

  /** The module's marshalling env, now on thread `t`. Reused: it was an allocation per helper call. */
  private envFor(t: Thread): MarshalEnv {
    const env = (this.#marshalEnvCache ??= marshalEnv(machineOf(this), moduleOf(this), t))
    env.t = t
    return env
  }

  private ce5(api: string, args: readonly number[], result: number): number {
    return this.call(api, args, result, (t: Thread) => {
      machineOf(this).trace.emit(Ev.Note, args[0] ?? 0, args[1] ?? 0, 0, 0, { ce5: api, args, result, driver: moduleOf(this).dll, at: this.site(t) })
      return result
    })
  }
}

/** An open helper that fails with `hr` (an injected fault: api/fault-injection.ts). */
const failWith =
  (hr: number): OpenHelper =>
  () => {
    throw new HrError(hr, 'fault injected')
  }

/** A helper's failure as its HRESULT (an unexpected kernel failure as E_FAIL); anything else goes on up. */
function asHrError(e: unknown): HrError {
  if (e instanceof HrError) return e
  if (e instanceof ApiError) return new HrError(E_FAIL, e.message)
  throw e
}
