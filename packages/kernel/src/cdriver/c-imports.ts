// The coredll APIs a C driver may import, bound to the kernel's implementations through its DriverContext. C
// passes pointers as 32-bit integers: a pointer into the driver's own globals or stack is relocated into its
// image (CImage.sim) before the kernel sees it, and out-parameters are written back through ctx.mem like any
// store the driver makes. Anything a module imports that is not in this table fails the load with the full list.
import { machineOf } from '../api/base.js'
import type { DriverContext } from '../api/context.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { Ptr } from '../memory/pointers.js'
import { Ev } from '../trace/events.js'
import { ceTryCall, type CRuntime } from './c-seh.js'
import type { CMemoryHooks } from './memory-hooks.js'

type CFn = (...args: number[]) => number | void
type Binder = (ctx: DriverContext, hooks: CMemoryHooks, rt: CRuntime) => CFn

/** Store a DWORD result through a C out-pointer. */
function out32(ctx: DriverContext, hooks: CMemoryHooks, p: number, v: number): void {
  ctx.mem.writeU32(hooks.sim(p) as Ptr, v >>> 0)
}

const coredll: Record<string, Binder> = {
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
    const text = pText === 0 ? '' : ctx.mem.readWString(h.sim(pText) as Ptr, 1024)
    const caption = pCaption === 0 ? '' : ctx.mem.readWString(h.sim(pCaption) as Ptr, 1024)
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

const ceddk: Record<string, Binder> = {
  // PHYSICAL_ADDRESS arrives as a pointer to the caller's copy (wasm32 C ABI for a union passed by value).
  MmMapIoSpace: (ctx, h) => (pPhys, size, cache) => {
    const phys = ctx.mem.readU32(h.sim(pPhys) as Ptr)
    const high = ctx.mem.readU32(h.sim(pPhys + 4) as Ptr)
    // The machine's physical addresses are 32-bit: a high part is an address no device answers.
    if (high !== 0) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    return ctx.MmMapIoSpace(phys, size >>> 0, (cache & 0xff) !== 0)
  },
  MmUnmapIoSpace: (ctx) => (va, size) => ctx.MmUnmapIoSpace(va >>> 0, size >>> 0),
}

/** cedk's own runtime support (cedk_seh.h). */
const cedk: Record<string, Binder> = {
  CeTryCall: (ctx, h, rt) => ceTryCall(rt, h, (p, v) => out32(ctx, h, p, v)),
}

/** Every API a C driver can import, by import module (the CE6 DLL that exports it, or cedk's runtime). */
export const C_IMPORTS: Readonly<Record<string, Readonly<Record<string, Binder>>>> = { coredll, ceddk, cedk }

/** What a module imports that cedk does not provide, as "dll!Name" (the memory hooks and memory are cedk's own). */
export function missingImports(imports: readonly WebAssembly.ModuleImportDescriptor[], hookNames: ReadonlySet<string>): string[] {
  const missing: string[] = []
  for (const { module, name, kind } of imports) {
    if (module === 'env' && (name === 'memory' ? kind === 'memory' : hookNames.has(name) && kind === 'function')) continue
    if (kind === 'function' && C_IMPORTS[module]?.[name] !== undefined) continue
    missing.push(`${module}!${name} (${kind})`)
  }
  return missing
}

/** The import object for one instance: each API bound to `ctx` and `hooks`. */
export function bindImports(ctx: DriverContext, hooks: CMemoryHooks, rt: CRuntime): WebAssembly.Imports {
  const out: WebAssembly.Imports = {}
  for (const [dll, fns] of Object.entries(C_IMPORTS)) {
    out[dll] = Object.fromEntries(Object.entries(fns).map(([name, bind]) => [name, bind(ctx, hooks, rt)]))
  }
  return out
}
