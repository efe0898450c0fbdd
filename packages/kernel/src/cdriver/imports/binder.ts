// How a C import is bound: a function of the driver's context, its memory hooks and its runtime (function table,
// stack pointer), returning the function the wasm module calls. Each file under imports/ binds one area of the API.
import type { DriverContext } from '../../api/context.js'
import type { Ptr } from '../../memory/pointers.js'
import type { CRuntime } from '../c-seh.js'
import type { CMemoryHooks } from '../memory-hooks.js'

export type CFn = (...args: number[]) => number | void
export type Binder = (ctx: DriverContext, hooks: CMemoryHooks, rt: CRuntime) => CFn
export type BinderTable = Record<string, Binder>

/** Store a DWORD result through a C out-pointer. */
export function out32(ctx: DriverContext, hooks: CMemoryHooks, p: number, v: number): void {
  ctx.mem.writeU32(hooks.sim(p) as Ptr, v >>> 0)
}
