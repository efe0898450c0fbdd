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
import { marshalEnv, traceMarshal, type MarshalEnv } from '../marshal/env.js'
import type { MarshalBuffer } from '../marshal/ledger.js'
import type { Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
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

export abstract class MarshalApi extends DeviceApi {
  /**
   * CeOpenCallerBuffer(ppDestMarshalled, pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate): `src` is a
   * raw pointer read from the caller's buffer (an embedded pointer). Kernel mode without ForceDuplicate gives `src`
   * back (direct access); with it, or in user mode, a heap copy.
   */
  CeOpenCallerBuffer(src: number, cb: number, desc: number, forceDuplicate: boolean): MarshalResult<MarshalledPtr> {
    return this.open('CeOpenCallerBuffer', [src, cb, desc], (env) => openCallerBuffer(env, src >>> 0, cb, desc, forceDuplicate)) as MarshalResult<MarshalledPtr>
  }

  /** CeCloseCallerBuffer(pDestMarshalled, pSrcUnmarshalled, cbSrc, ArgumentDescriptor). */
  CeCloseCallerBuffer(dest: Ptr | number, src: number, cb: number, desc: number): number {
    return this.close('CeCloseCallerBuffer', [dest, src, cb, desc], (env) => closeCallerBuffer(env, dest, src, cb, desc))
  }

  /** CeAllocAsynchronousBuffer(ppDestAsyncMarshalled, pSrcSyncMarshalled, cbSrc, ArgumentDescriptor): during the call only. */
  CeAllocAsynchronousBuffer(srcSyncMarshalled: Ptr, cb: number, desc: number): MarshalResult<AsyncPtr> {
    return this.open('CeAllocAsynchronousBuffer', [srcSyncMarshalled, cb, desc], (env) => allocAsyncBuffer(env, srcSyncMarshalled >>> 0, cb, desc)) as MarshalResult<AsyncPtr>
  }

  /** CeFreeAsynchronousBuffer(pDestAsyncMarshalled, pSrcSyncMarshalled, cbSrc, ArgumentDescriptor). */
  CeFreeAsynchronousBuffer(dest: AsyncPtr | number, srcSyncMarshalled: Ptr | number, cb: number, desc: number): number {
    return this.close('CeFreeAsynchronousBuffer', [dest, srcSyncMarshalled, cb, desc], (env) => freeAsyncBuffer(env, dest, srcSyncMarshalled, cb, desc))
  }

  /** CeFlushAsynchronousBuffer(pDestAsyncMarshalled, pSrcSyncMarshalled, pSrcUnmarshalled, cbSrc, ArgumentDescriptor). */
  CeFlushAsynchronousBuffer(dest: AsyncPtr | number, srcSyncMarshalled: Ptr | number, srcUnmarshalled: number, cb: number, desc: number): number {
    return this.close('CeFlushAsynchronousBuffer', [dest, srcSyncMarshalled, cb, desc], (env) =>
      flushAsyncBuffer(env, dest, srcSyncMarshalled, srcUnmarshalled, cb, desc),
    )
  }

  /** CeAllocDuplicateBuffer(ppDestDuplicate, pSrcMarshalled, cbSrc, ArgumentDescriptor): always a heap copy. */
  CeAllocDuplicateBuffer(srcMarshalled: Ptr, cb: number, desc: number): MarshalResult<MarshalledPtr> {
    return this.open('CeAllocDuplicateBuffer', [srcMarshalled, cb, desc], (env) => allocDuplicateBuffer(env, srcMarshalled >>> 0, cb, desc)) as MarshalResult<MarshalledPtr>
  }

  /** CeFreeDuplicateBuffer(pDestDuplicate, pSrcMarshalled, cbSrc, ArgumentDescriptor): writes back O/IO, then frees. */
  CeFreeDuplicateBuffer(dest: MarshalledPtr | number, srcMarshalled: Ptr | number, cb: number, desc: number): number {
    return this.close('CeFreeDuplicateBuffer', [dest, srcMarshalled, cb, desc], (env) => freeDuplicateBuffer(env, dest, srcMarshalled, cb, desc))
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

  private open(api: string, args: readonly number[], fn: (env: MarshalEnv) => MarshalBuffer): MarshalResult<number> {
    return this.call(api, args, { hr: E_INVALIDARG, ptr: 0 }, (t) => {
      const env = marshalEnv(this.m, this.mod, t)
      const r = hresult(() => fn(env))
      const b = r instanceof HrError ? undefined : r
      const hr = r instanceof HrError ? r.hr : S_OK
      traceOp(env, api, hr, args, b, r instanceof HrError ? r.message : undefined)
      return { hr, ptr: b ? b.dest : 0 }
    })
  }

  private close(api: string, args: readonly number[], fn: (env: MarshalEnv) => Outcome): number {
    return this.call(api, args, E_INVALIDARG, (t) => {
      const env = marshalEnv(this.m, this.mod, t)
      const r = hresult(() => fn(env))
      const o: Outcome = r instanceof HrError ? { hr: r.hr } : r
      traceOp(env, api, o.hr, args, o.buffer, r instanceof HrError ? r.message : undefined)
      return o.hr
    })
  }

  private ce5(api: string, args: readonly number[], result: number): number {
    return this.call(api, args, result, (t: Thread) => {
      this.m.trace.emit(Ev.Note, args[0] ?? 0, args[1] ?? 0, 0, 0, { ce5: api, args, result, driver: this.mod.dll, at: this.site(t) })
      return result
    })
  }
}

/** Run a helper; its HRESULT failure comes back as the HrError (an unexpected kernel failure as E_FAIL). */
function hresult<T>(fn: () => T): T | HrError {
  try {
    return fn()
  } catch (e) {
    if (e instanceof HrError) return e
    if (e instanceof ApiError) return new HrError(E_FAIL, e.message)
    throw e
  }
}

/** `args`: [pointer, size, descriptor] for the open helpers, [dest, src, size, descriptor] for the others. */
function traceOp(env: MarshalEnv, op: string, hr: number, args: readonly number[], b: MarshalBuffer | undefined, why: string | undefined): void {
  if (b) return traceMarshal(env, { op, hr, id: b.id, addr: b.dest, size: b.size, desc: b.desc, kind: b.kind, src: b.src, pid: b.source.id, why })
  const [addr, size, desc] = args.length === 3 ? args : [args[0], args.at(-2), args.at(-1)]
  traceMarshal(env, { op, hr, addr: addr ?? 0, size: size ?? 0, desc: desc ?? 0, src: args.length === 3 ? addr : args[1], why })
}
