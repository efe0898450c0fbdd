// `__try/__except` for C drivers, first form (docs/decisions.md, "C drivers: __try/__except"): clang for wasm32 has
// no SEH, so a driver puts the guarded code in a function and calls it through `CeTryCall` (cedk_seh.h). The call
// runs the body through the module's function table inside a JavaScript try; an exception the machine raises in
// it (an access violation from a memory hook, a division by zero) unwinds the wasm frames to here, as
// __except(EXCEPTION_EXECUTE_HANDLER) would, and the C stack pointer is put back.
import { AccessViolation } from '../errors/exceptions.js'
import type { CAsync } from './c-async.js'
import type { CMemoryHooks } from './memory-hooks.js'

export const EXCEPTION_ACCESS_VIOLATION = 0xc0000005
export const EXCEPTION_INT_DIVIDE_BY_ZERO = 0xc0000094

/** What the loader fills in once the instance exists (the table and stack pointer are its exports). */
export interface CRuntime {
  table: WebAssembly.Table | null
  sp: WebAssembly.Global | null
  /** Blocking calls (c-async.ts): activations, unwinding and rewinding. */
  async: CAsync | null
  /** The module's C function names by function index (c-names.ts). */
  names: ReadonlyMap<number, string>
}

/** The exception code CE would raise for `e`, or 0 when it is not an exception of the driver's own code. */
export function exceptionCode(e: unknown): number {
  if (e instanceof AccessViolation) return EXCEPTION_ACCESS_VIOLATION
  if (e instanceof WebAssembly.RuntimeError && /divide by zero/.test(e.message)) return EXCEPTION_INT_DIVIDE_BY_ZERO
  return 0
}

/**
 * CeTryCall(pfnBody, pContext, pdwResult): 0 when pfnBody(pContext) returned (its DWORD result through pdwResult
 * if not NULL), else the exception code that ended it. Exceptions that are not the driver's (a hang, a bugcheck,
 * a harness error) pass through. The body may block: its unwind passes through here to the activation (CeTryCall
 * is on asyncify's list, so its caller unwinds too), and when the thread resumes, the rewind calls CeTryCall again,
 * which calls the body again to rewind into it — inside a new JavaScript try, so the guard still holds.
 */
export function ceTryCall(rt: CRuntime, hooks: CMemoryHooks, out32: (p: number, v: number) => void) {
  return (fn: number, arg: number, pResult: number): number => {
    const body = rt.table?.get(fn >>> 0)
    if (typeof body !== 'function') throw new TypeError(`${hooks.dll}: CeTryCall: ${fn} is not a function of the module`)
    const sp = rt.sp!.value
    try {
      const r = body(arg)
      if (rt.async?.unwinding === true) return 0
      if (pResult !== 0) out32(pResult, Number(r) >>> 0)
      return 0
    } catch (e) {
      const code = exceptionCode(e)
      if (code === 0) throw e
      rt.sp!.value = sp
      return code | 0
    }
  }
}
