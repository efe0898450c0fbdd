// coredll's memory, last-error, debug-output and UI APIs and the marshalling helpers, for C drivers. C passes
// pointers as 32-bit integers: a pointer into the driver's own globals or stack is relocated into its image
// (CMemoryHooks.sim) before the kernel sees it, and out-parameters are written back through ctx.mem like any store.
import { machineOf } from '../../api/base.js'
import type { Ptr } from '../../memory/pointers.js'
import { Ev } from '../../trace/events.js'
import { out32, type BinderTable } from './binder.js'
import { wideArg } from './c-strings.js'

export const coredllCore: BinderTable = {
  SetLastError: (ctx) => (code) => ctx.SetLastError(code >>> 0),
  GetLastError: (ctx) => () => ctx.GetLastError(),
  LocalAlloc: (ctx) => (flags, size) => ctx.LocalAlloc(flags >>> 0, size >>> 0),
  LocalFree: (ctx, h) => (p) => ctx.LocalFree(h.sim(p)),
  VirtualAlloc: (ctx) => (addr, size, type, protect) => ctx.VirtualAlloc(addr >>> 0, size >>> 0, type >>> 0, protect >>> 0),
  VirtualFree: (ctx, h) => (addr, size, type) => (ctx.VirtualFree(h.sim(addr), size >>> 0, type >>> 0) ? 1 : 0),
  // pPFNs, when given, is written through ctx.mem like the driver's own stores (relocated if it is in the image).
  LockPages: (ctx, h) => (addr, size, pPFNs, options) =>
    ctx.LockPages(h.sim(addr), size >>> 0, pPFNs === 0 ? 0 : (h.sim(pPFNs) as Ptr), options >>> 0) ? 1 : 0,
  OutputDebugStringW: (ctx, h) => (p) => {
    const text = ctx.mem.readWString(h.sim(p) as Ptr, 1024)
    machineOf(ctx).trace.emit(Ev.Note, 0, 0, 0, 0, { debug: text, dll: ctx.dll })
  },
  MessageBoxW: (ctx, h) => (hWnd, pText, pCaption, type) => {
    const text = wideArg(ctx, h, pText, 1024)
    const caption = wideArg(ctx, h, pCaption, 1024)
    return ctx.MessageBox(hWnd >>> 0, text, caption, type >>> 0)
  },
  CeOpenCallerBuffer: (ctx, h) => (ppDest, src, cb, desc, force) => {
    const r = ctx.CeOpenCallerBuffer(src >>> 0, cb >>> 0, desc >>> 0, force !== 0)
    out32(ctx, h, ppDest, r.ptr)
    return r.hr | 0
  },
  CeCloseCallerBuffer: (ctx, h) => (dest, src, cb, desc) => ctx.CeCloseCallerBuffer(h.sim(dest), src >>> 0, cb >>> 0, desc >>> 0) | 0,
  CeAllocAsynchronousBuffer: (ctx, h) => (ppDest, src, cb, desc) => {
    const r = ctx.CeAllocAsynchronousBuffer(h.sim(src) as Ptr, cb >>> 0, desc >>> 0)
    out32(ctx, h, ppDest, r.ptr)
    return r.hr | 0
  },
  CeFreeAsynchronousBuffer: (ctx, h) => (dest, src, cb, desc) => ctx.CeFreeAsynchronousBuffer(dest >>> 0, h.sim(src), cb >>> 0, desc >>> 0) | 0,
  CeAllocDuplicateBuffer: (ctx, h) => (ppDest, src, cb, desc) => {
    const r = ctx.CeAllocDuplicateBuffer(h.sim(src) as Ptr, cb >>> 0, desc >>> 0)
    out32(ctx, h, ppDest, r.ptr)
    return r.hr | 0
  },
  CeFreeDuplicateBuffer: (ctx, h) => (dest, src, cb, desc) => ctx.CeFreeDuplicateBuffer(dest >>> 0, h.sim(src), cb >>> 0, desc >>> 0) | 0,
  // CE5 APIs as CE6 ships them: they change nothing and are noted for the verifier (MapCallerPtr returns its pointer).
  MapCallerPtr: (ctx, h) => (p, len) => ctx.MapCallerPtr(h.sim(p), len >>> 0),
  MapPtrToProcess: (ctx, h) => (p, hProc) => ctx.MapPtrToProcess(h.sim(p), hProc >>> 0),
  SetKMode: (ctx) => (mode) => ctx.SetKMode(mode | 0),
  SetProcPermissions: (ctx) => (perms) => ctx.SetProcPermissions(perms >>> 0),
  GetCurrentPermissions: (ctx) => () => ctx.GetCurrentPermissions(),
}

