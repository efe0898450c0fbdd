// Formatted output for C drivers: NKDbgPrintfW (RETAILMSG, DEBUGMSG, ERRORMSG) writes a note to the trace as
// OutputDebugStringW does; wsprintfW, wvsprintfW and _vsnwprintf format into the driver's WCHAR buffer. The format
// and its arguments are read through the driver's memory (c-printf.ts).
import { machineOf } from '../../api/base.js'
import type { DriverContext } from '../../api/context.js'
import type { Ptr } from '../../memory/pointers.js'
import { Ev } from '../../trace/events.js'
import { formatC, type CVarArgs } from '../c-printf.js'
import type { CMemoryHooks } from '../memory-hooks.js'
import type { BinderTable } from './binder.js'
import { narrowArg, wideArg, writeWide } from './c-strings.js'

/** Longest format string read, and wsprintfW's documented output limit (1024 WCHARs). */
const MAX_FORMAT = 1024
const WSPRINTF_MAX = 1024

/** The arguments of a C variadic call: wasm32 passes a pointer to them, each at its natural alignment. */
function varArgs(ctx: DriverContext, h: CMemoryHooks, va: number): CVarArgs {
  let at = va >>> 0
  const next = (size: number): number => {
    at = ((at + size - 1) & -size) >>> 0
    const p = at
    at = (at + size) >>> 0
    return p
  }
  const u32 = (p: number) => ctx.mem.readU32(h.sim(p) as Ptr)
  return {
    i32: () => u32(next(4)),
    i64: () => {
      const p = next(8)
      return BigInt(u32(p)) | (BigInt(u32(p + 4)) << 32n)
    },
    f64: () => {
      const p = next(8)
      const dv = new DataView(new ArrayBuffer(8))
      dv.setUint32(0, u32(p), true)
      dv.setUint32(4, u32(p + 4), true)
      return dv.getFloat64(0, true)
    },
    str: (p, wide, max) => (wide ? wideArg(ctx, h, p, max) : narrowArg(ctx, h, p, max)),
  }
}

function format(ctx: DriverContext, h: CMemoryHooks, pFmt: number, va: number): string {
  return formatC(wideArg(ctx, h, pFmt, MAX_FORMAT), varArgs(ctx, h, va))
}

/** wsprintfW/wvsprintfW: the text (at most 1024 WCHARs) and its NUL into the buffer; returns the length. */
const intoBuffer = (ctx: DriverContext, h: CMemoryHooks) => (pOut: number, pFmt: number, va: number): number => {
  const text = format(ctx, h, pFmt, va).slice(0, WSPRINTF_MAX)
  writeWide(ctx, h, pOut, text, true)
  return text.length
}

export const coredllDebugOutput: BinderTable = {
  NKDbgPrintfW: (ctx, h) => (pFmt, va) => {
    machineOf(ctx).trace.emit(Ev.Note, 0, 0, 0, 0, { debug: format(ctx, h, pFmt, va), dll: ctx.dll })
  },
  wsprintfW: intoBuffer,
  // wasm32's va_list is the same pointer to the arguments a variadic call passes.
  wvsprintfW: intoBuffer,
  // Microsoft's _vsnwprintf: at most `count` WCHARs; the NUL only if it fits; -1 if the text was cut.
  _vsnwprintf: (ctx, h) => (pOut, count, pFmt, va) => {
    const text = format(ctx, h, pFmt, va)
    const n = count >>> 0
    writeWide(ctx, h, pOut, text.slice(0, n), text.length < n)
    return text.length > n ? -1 : text.length
  },
}
