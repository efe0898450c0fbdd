// The rest of coredll's memory API for C drivers: the heap size, protection, physical mappings (VirtualCopy with
// PAGE_PHYSICAL, CreateStaticMapping), page locking, other processes' memory and the caller's identity. Process
// handles are process ids, as the kernel's TypeScript API takes them. Privileges are the kernel's: in a udevice
// VirtualCopy and CreateStaticMapping go through the reflector, the kernel-only ones fail with ERROR_NOT_SUPPORTED.
import type { Ptr } from '../../memory/pointers.js'
import type { BinderTable } from './binder.js'

const bool = (b: boolean): number => (b ? 1 : 0)

export const coredllVirtualMemory: BinderTable = {
  LocalSize: (ctx, h) => (p) => ctx.LocalSize(h.sim(p)),
  VirtualProtect: (ctx, h) => (addr, size, protect, pOld) =>
    bool(ctx.VirtualProtect(h.sim(addr), size >>> 0, protect >>> 0, pOld === 0 ? undefined : (h.sim(pOld) as Ptr))),
  VirtualCopy: (ctx, h) => (dest, src, size, protect) => bool(ctx.VirtualCopy(h.sim(dest), src >>> 0, size >>> 0, protect >>> 0)),
  VirtualCopyEx: (ctx, h) => (dstProc, dest, srcProc, src, size, protect) =>
    bool(ctx.VirtualCopyEx(dstProc >>> 0, h.sim(dest), srcProc >>> 0, src >>> 0, size >>> 0, protect >>> 0)),
  VirtualAllocCopyEx: (ctx, h) => (srcProc, dstProc, addr, size, protect) =>
    ctx.VirtualAllocCopyEx(srcProc >>> 0, dstProc >>> 0, h.sim(addr), size >>> 0, protect >>> 0),
  CreateStaticMapping: (ctx) => (physShift8, size) => ctx.CreateStaticMapping(physShift8 >>> 0, size >>> 0),
  LockPagesEx: (ctx, h) => (proc, addr, size, pPFNs, options) =>
    bool(ctx.LockPagesEx(proc >>> 0, h.sim(addr), size >>> 0, pPFNs === 0 ? 0 : (h.sim(pPFNs) as Ptr), options >>> 0)),
  UnlockPages: (ctx, h) => (addr, size) => bool(ctx.UnlockPages(h.sim(addr), size >>> 0)),
  CeVirtualSharedAlloc: (ctx) => (addr, size, type) => ctx.CeVirtualSharedAlloc(addr >>> 0, size >>> 0, type >>> 0),
  ReadProcessMemory: (ctx, h) => (proc, base, pBuffer, n, pRead) =>
    bool(ctx.ReadProcessMemory(proc >>> 0, base >>> 0, h.sim(pBuffer) as Ptr, n >>> 0, pRead === 0 ? 0 : (h.sim(pRead) as Ptr))),
  WriteProcessMemory: (ctx, h) => (proc, base, pBuffer, n, pWritten) =>
    bool(ctx.WriteProcessMemory(proc >>> 0, base >>> 0, h.sim(pBuffer) as Ptr, n >>> 0, pWritten === 0 ? 0 : (h.sim(pWritten) as Ptr))),
  GetCallerVMProcessId: (ctx) => () => ctx.GetCallerVMProcessId(),
  GetDirectCallerProcessId: (ctx) => () => ctx.GetDirectCallerProcessId(),
}
