// How a blocking import answers C: the kernel's result converted to the C return value, through the driver's
// activations (c-async.ts), which suspend the C code when the answer is a promise. The import must be listed in
// blocking.ts, or the build will not have instrumented its callers.
import type { Awaitable } from '../../devmgr/driver.js'
import type { CRuntime } from '../c-seh.js'

/** The C value of a kernel answer that may be a promise. */
export function cValue<T>(v: Awaitable<T>, conv: (v: T) => number): number | Promise<number> {
  return v instanceof Promise ? v.then(conv) : conv(v)
}

export const bool = (b: boolean): number => (b ? 1 : 0)
export const dword = (n: number | void): number => (typeof n === 'number' ? n >>> 0 : 0)

/** Answer a blocking import: the value now, or suspend the C code until the kernel's promise settles. */
export function blocking(rt: CRuntime, answer: () => number | Promise<number>): number {
  if (rt.async === null) throw new Error('blocking call before the C module was loaded')
  return rt.async.block(answer)
}

/** A C function (a table entry) as the kernel calls it back — a thread routine, a callback, a table function: each
 *  call an activation of its own that may block; its DWORD result. */
export function cCallable(rt: CRuntime, fn: (...a: number[]) => unknown): (a?: number, b?: number, c?: number, d?: number) => number | Promise<number> {
  return (a = 0, b = 0, c = 0, d = 0) => cValue(rt.async!.run(fn, a, b, c, d) as number | Promise<number>, dword)
}
