// Strings a C driver passes to an API, read through the driver's memory like its own accesses: WCHAR strings
// (16-bit, NUL-terminated) and char strings; a NULL pointer reads as the empty string, as the Reg* APIs take it.
import type { DriverContext } from '../../api/context.js'
import { wideBytes } from '../../memory/le.js'
import type { Ptr } from '../../memory/pointers.js'
import type { CMemoryHooks } from '../memory-hooks.js'

/** Longest name an API reads: CE6's registry key paths and value names are at most 255 characters. */
export const MAX_NAME = 260

export function wideArg(ctx: DriverContext, h: CMemoryHooks, p: number, max = MAX_NAME): string {
  return p === 0 ? '' : ctx.mem.readWString(h.sim(p) as Ptr, max)
}

export function narrowArg(ctx: DriverContext, h: CMemoryHooks, p: number, max: number): string {
  let s = ''
  for (let a = p >>> 0; s.length < max; a = (a + 1) >>> 0) {
    const c = ctx.mem.readU8(h.sim(a) as Ptr)
    if (c === 0) break
    s += String.fromCharCode(c)
  }
  return s
}

/** Write `s` as WCHARs at a C pointer, with its NUL when `nul`. */
export function writeWide(ctx: DriverContext, h: CMemoryHooks, p: number, s: string, nul: boolean): void {
  if (s.length === 0 && !nul) return
  ctx.mem.write(h.sim(p) as Ptr, wideBytes(s, nul))
}
