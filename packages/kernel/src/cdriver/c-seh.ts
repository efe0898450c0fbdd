// `__try/__except` for C drivers (docs/decisions.md, "C drivers: __try/__except"): clang for wasm32 has
// no SEH, so a driver puts the guarded code in a function and calls it through `CeTryCall` (cedk_seh.h). The call
// runs the body through the module's function table inside a JavaScript try; an exception the machine raises in
// it (an access violation from a memory hook, a division by zero) unwinds the wasm frames to here, as
// __except(EXCEPTION_EXECUTE_HANDLER) would, and the C stack pointer is put back.
import { AccessViolation, UsageError } from '../errors/exceptions.js'
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

/** What an exception filter returns (excpt.h). */
export const EXCEPTION_EXECUTE_HANDLER = 1
export const EXCEPTION_CONTINUE_SEARCH = 0
export const EXCEPTION_CONTINUE_EXECUTION = -1

/**
 * CeTryCall(pfnBody, pContext, pdwResult): 0 when pfnBody(pContext) returned (its DWORD result through pdwResult
 * if not NULL), else the exception code that ended it. Exceptions that are not the driver's (a hang, a bugcheck,
 * a harness error) pass through. The body may block: its unwind passes through here to the activation (CeTryCall
 * is on asyncify's list, so its caller unwinds too), and when the thread resumes, the rewind calls CeTryCall again,
 * which calls the body again to rewind into it — inside a new JavaScript try, so the guard still holds.
 */
export function ceTryCall(rt: CRuntime, hooks: CMemoryHooks, out32: (p: number, v: number) => void) {
  return (fn: number, arg: number, pResult: number): number => guarded(rt, hooks, out32, fn, arg, 0, 0, pResult)
}

/**
 * CeTryCallEx(pfnBody, pContext, pfnFilter, pFilterContext, pdwResult): `__try { body } __except (filter)`. When the
 * body raises, pfnFilter(code, pFilterContext) decides: EXCEPTION_EXECUTE_HANDLER returns the code (the __except
 * block runs), EXCEPTION_CONTINUE_SEARCH lets the exception go on to the next handler out (an enclosing CeTryCall, or
 * the entry point's caller), EXCEPTION_CONTINUE_EXECUTION is refused: a faulting access cannot be retried here.
 */
export function ceTryCallEx(rt: CRuntime, hooks: CMemoryHooks, out32: (p: number, v: number) => void) {
  return (fn: number, arg: number, filter: number, filterArg: number, pResult: number): number =>
    guarded(rt, hooks, out32, fn, arg, filter, filterArg, pResult)
}

/** The C function at table index `fn` (a function pointer the driver passed), or null. */
export function tableFunction(rt: CRuntime, fn: number): ((...a: number[]) => unknown) | null {
  if (rt.table === null || fn >>> 0 >= rt.table.length) return null
  return rt.table.get(fn >>> 0)
}

function tableFn(rt: CRuntime, hooks: CMemoryHooks, what: string, fn: number): (...a: number[]) => unknown {
  const f = tableFunction(rt, fn)
  if (f === null) throw new TypeError(`${hooks.dll}: ${what}: ${fn} is not a function of the module`)
  return f
}

function guarded(rt: CRuntime, hooks: CMemoryHooks, out32: (p: number, v: number) => void, fn: number, arg: number, filter: number, filterArg: number, pResult: number): number {
  const body = tableFn(rt, hooks, 'CeTryCall', fn)
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
    if (filter !== 0 && !handles(rt, hooks, filter, code, filterArg)) throw e
    return code | 0
  }
}

/** Run the driver's exception filter: does its __except block take the exception? */
function handles(rt: CRuntime, hooks: CMemoryHooks, filter: number, code: number, filterArg: number): boolean {
  const verdict = Number(tableFn(rt, hooks, 'CeTryCallEx filter', filter)(code | 0, filterArg)) | 0
  if (rt.async?.unwinding === true) throw new UsageError(`${hooks.dll}: an exception filter made a blocking call`)
  if (verdict === EXCEPTION_CONTINUE_EXECUTION) {
    throw new UsageError(`${hooks.dll}: an exception filter returned EXCEPTION_CONTINUE_EXECUTION, which cedk does not support (the faulting access cannot be retried)`)
  }
  return verdict !== EXCEPTION_CONTINUE_SEARCH
}
