// Memory APIs for drivers: the module's heap (LocalAlloc), virtual memory, physical mappings, the shared heap, and
// the explicit unsafe pointer cast.
import { ApiError, fail } from '../errors/api-error.js'
import { ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY, ERROR_NOT_SUPPORTED } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { AddressSpace } from '../memory/address-space.js'
import { aliasUserRange } from '../memory/alias.js'
import { offset, type OwnPtr, type Ptr, type UnsafePtr } from '../memory/pointers.js'
import { LMEM_ZEROINIT, MEM_RESERVE, PAGE_PHYSICAL } from '../memory/protection.js'
import { LOCKFLAG_QUERY_ONLY, lockPages } from '../privileged/lock-pages.js'
import { tracePrivileged } from '../privileged/privileged-trace.js'
import {
  ceVirtualSharedAlloc,
  copyPages,
  createStaticMapping,
  mmMapIoSpace,
  mmUnmapIoSpace,
  processById,
  spaceOf,
  virtualAlloc,
  virtualCopy,
  virtualFree,
  virtualProtect,
} from '../privileged/virtual-memory.js'
import type { Thread } from '../process/thread.js'
import { callAnyOneRefService, type RefRequest } from '../reflector/services.js'
import { readProcessMemory, writeProcessMemory } from '../privileged/process-memory.js'
import { IsolationRefusal } from '../privileged/isolation.js'
import { Ev } from '../trace/events.js'
import { ApiBase, machineOf, moduleOf } from './base.js'

/** Zeros to copy from, shared (performance: a fresh 4 KiB array per LocalAlloc is an off-heap allocation each). */
const ZEROS = new Uint8Array(0x10000)

function zeroFill(m: Machine, p: number, n: number): void {
  for (let done = 0; done < n; done += ZEROS.length) m.kernelCopy(p + done, ZEROS.subarray(0, Math.min(ZEROS.length, n - done)), true)
}

export abstract class MemoryApi extends ApiBase {
  /** LocalAlloc(uFlags, uBytes): a block of the module's heap, or 0 (ERROR_NOT_ENOUGH_MEMORY). Blocks are always
   *  zeroed in this simulation (fresh pages are zero; reused blocks are cleared when LMEM_ZEROINIT is given). */
  LocalAlloc(flags: number, size: number): OwnPtr {
    return this.call('LocalAlloc', [flags, size], 0 as OwnPtr, (t) => {
      if (!Number.isInteger(size) || size < 0) fail(ERROR_INVALID_PARAMETER, `LocalAlloc size ${size}`)
      const p = moduleOf(this).heap.alloc(size, this.site(t), t.openContext())
      if (flags & LMEM_ZEROINIT) zeroFill(machineOf(this), p, moduleOf(this).heap.sizeOf(p)!)
      return p as OwnPtr
    })
  }

  /** LocalFree(hMem): 0 on success; the pointer back (ERROR_INVALID_PARAMETER) if it is not a live block. */
  LocalFree(p: Ptr | number): number {
    return this.call('LocalFree', [p], p >>> 0, () => {
      if (p === 0) return 0
      if (!moduleOf(this).heap.freeBlock(p >>> 0)) fail(ERROR_INVALID_PARAMETER, `LocalFree(${p >>> 0}): not a block of this heap`)
      return 0
    })
  }

  LocalSize(p: Ptr | number): number {
    return this.call('LocalSize', [p], 0, () => moduleOf(this).heap.sizeOf(p >>> 0) ?? fail(ERROR_INVALID_PARAMETER, 'not a heap block'))
  }

  VirtualAlloc(addr: number, size: number, type: number, protect: number): OwnPtr {
    return this.call('VirtualAlloc', [addr, size, type], 0 as OwnPtr, (t) => {
      try {
        const p = virtualAlloc(machineOf(this), moduleOf(this), this.site(t), addr, size, type, protect)
        if (type & MEM_RESERVE || addr === 0) this.tagRegion(t, p)
        return p as OwnPtr
      } catch (e) {
        if (e instanceof RangeError) fail(ERROR_NOT_ENOUGH_MEMORY, e.message)
        throw e
      }
    })
  }

  /** Tie a reservation just made to the open context being served (the leak check at Close: devmgr/open-context.ts). */
  private tagRegion(t: Thread, base: number): void {
    const oc = t.openContext()
    if (oc === 0) return
    const r = spaceOf(machineOf(this), moduleOf(this).process).regionAt(base)
    if (r !== undefined && r.base === base && r.owner === moduleOf(this).tag) r.openContext = oc
  }

  VirtualFree(addr: Ptr | number, size: number, type: number): boolean {
    return this.call('VirtualFree', [addr, size, type], false, () => {
      virtualFree(machineOf(this), moduleOf(this), addr >>> 0, size, type)
      return true
    })
  }

  /** VirtualProtect(lpAddress, dwSize, flNewProtect, lpflOldProtect): the old protection is written to
   *  `pOldProtect` when it is given (through ctx.mem, like any driver write). */
  VirtualProtect(addr: Ptr | number, size: number, newProtect: number, pOldProtect?: Ptr): boolean {
    return this.call('VirtualProtect', [addr, size, newProtect], false, () => {
      const old = virtualProtect(machineOf(this), moduleOf(this), addr >>> 0, size, newProtect)
      if (pOldProtect) this.mem.writeU32(pOldProtect, old)
      return true
    })
  }

  /**
   * VirtualCopy(lpvDest, lpvSrc, cbSize, fdwProtect); with PAGE_PHYSICAL, lpvSrc is the physical address >> 8. In user
   * mode only PAGE_PHYSICAL exists, through the reflector (inside the key's windows); without it coredll calls
   * VirtualCopyEx, which is NotSupported for user mode (fact sheet §8).
   */
  VirtualCopy(dest: Ptr | number, src: number, size: number, protect: number): boolean {
    return this.call('VirtualCopy', [dest, src, size], false, (t) => {
      if (this.userMode(t)) {
        if (!(protect & PAGE_PHYSICAL)) this.notSupported(t, 'VirtualCopy', dest, 'VirtualCopy without PAGE_PHYSICAL goes to VirtualCopyEx, NotSupported in user mode')
        return this.refService(t, 'VirtualCopy', dest, { kind: 'VIRTUAL_COPY', dest: dest >>> 0, src: src >>> 0, size, protect }) !== 0
      }
      this.direct(t, 'VirtualCopy', dest, () => virtualCopy(machineOf(this), moduleOf(this), dest >>> 0, src >>> 0, size, protect))
      return true
    })
  }

  /** VirtualCopyEx(hDstProc, lpvDest, hSrcProc, lpvSrc, cbSize, fdwProtect): process ids as handles; kernel mode only. */
  VirtualCopyEx(dstPid: number, dest: Ptr | number, srcPid: number, src: number, size: number, protect: number): boolean {
    return this.call('VirtualCopyEx', [dstPid, dest, srcPid], false, (t) => {
      this.kernelOnly(t, 'VirtualCopyEx', dstPid)
      this.direct(t, 'VirtualCopyEx', dstPid, () => {
        const srcProc = processById(machineOf(this), srcPid)
        copyPages(machineOf(this), spaceOf(machineOf(this), processById(machineOf(this), dstPid)), dest >>> 0, src >>> 0, size, protect, srcProc.space, srcProc.kind === 'kernel')
      })
      return true
    })
  }

  /** VirtualAllocCopyEx(hSrcProc, hDstProc, pAddr, cbSize, dwProtect): a new range in hDstProc aliasing pAddr of
   *  hSrcProc; kernel mode only. */
  VirtualAllocCopyEx(srcPid: number, dstPid: number, addr: Ptr | number, size: number, protect: number): OwnPtr {
    return this.call('VirtualAllocCopyEx', [srcPid, dstPid, addr], 0 as OwnPtr, (t) => {
      this.kernelOnly(t, 'VirtualAllocCopyEx', srcPid)
      return this.direct(t, 'VirtualAllocCopyEx', srcPid, () => {
        const src = processById(machineOf(this), srcPid)
        const dst = spaceOf(machineOf(this), processById(machineOf(this), dstPid))
        return aliasUserRange(machineOf(this).memory, src.space, addr >>> 0, size, dst, protect, moduleOf(this).tag, this.site(t), src.kind === 'kernel') as OwnPtr
      })
    })
  }

  /** MmMapIoSpace(PhysicalAddress, NumberOfBytes, CacheEnable): a virtual address for a physical range, or 0. In user
   *  mode the reflector maps it into the udevice, only inside the key's windows. */
  MmMapIoSpace(physicalAddress: number, size: number, cacheEnable: boolean): OwnPtr {
    return this.call('MmMapIoSpace', [physicalAddress, size, cacheEnable ? 1 : 0], 0 as OwnPtr, (t) => {
      const p = this.userMode(t)
        ? (this.refService(t, 'MmMapIoSpace', physicalAddress, { kind: 'MNMAPIOSPACE', phys: physicalAddress, size, cache: cacheEnable }) as OwnPtr)
        : this.direct(t, 'MmMapIoSpace', physicalAddress, () => mmMapIoSpace(machineOf(this), moduleOf(this), this.site(t), physicalAddress, size, cacheEnable) as OwnPtr)
      // The mapping keeps the physical page offset: its region starts at the page of p.
      if (p) this.tagRegion(t, p - (p & 0xfff))
      return p
    })
  }

  MmUnmapIoSpace(va: Ptr | number, size: number): void {
    this.call('MmUnmapIoSpace', [va, size], undefined, (t) => {
      if (this.userMode(t)) this.refService(t, 'MmUnmapIoSpace', va, { kind: 'MNUNMAPIOSPACE', va: va >>> 0 })
      else mmUnmapIoSpace(machineOf(this), moduleOf(this), va >>> 0)
    })
  }

  /** CreateStaticMapping(dwPhysBase, dwSize): dwPhysBase is the physical address >> 8; the result is a kernel address
   *  (for an installable ISR). User mode: through the reflector, inside a window, once per window. */
  CreateStaticMapping(physShift8: number, size: number): number {
    return this.call('CreateStaticMapping', [physShift8, size], 0, (t) => {
      if (this.userMode(t)) return this.refService(t, 'CreateStaticMapping', physShift8, { kind: 'CREATE_STATIC_MAPPING', physShift8, size })
      return this.direct(t, 'CreateStaticMapping', physShift8, () => createStaticMapping(machineOf(this), this.site(t), physShift8, size))
    })
  }

  /** LockPages(lpvAddress, cbSize, pPFNs, fOptions): kernel mode only; the PFNs go to pPFNs when given. */
  LockPages(addr: Ptr | number, size: number, pPFNs: Ptr | 0, options: number): boolean {
    return this.call('LockPages', [addr, size, options], false, (t) => {
      this.kernelOnly(t, 'LockPages', addr)
      return this.lock(t, 'LockPages', machineOf(this).sched.vm?.space ?? null, addr, size, pPFNs, options)
    })
  }

  /** LockPagesEx(hProcess, lpvAddress, cbSize, pPFNs, fOptions): a process id as the handle; kernel mode only. */
  LockPagesEx(pid: number, addr: Ptr | number, size: number, pPFNs: Ptr | 0, options: number): boolean {
    return this.call('LockPagesEx', [pid, addr, size], false, (t) => {
      this.kernelOnly(t, 'LockPagesEx', pid)
      return this.lock(t, 'LockPagesEx', processById(machineOf(this), pid).space, addr, size, pPFNs, options)
    })
  }

  /** UnlockPages(lpvAddress, cbSize): kernel mode only; the range must be mapped. */
  UnlockPages(addr: Ptr | number, size: number): boolean {
    return this.call('UnlockPages', [addr, size], false, (t) => {
      this.kernelOnly(t, 'UnlockPages', addr)
      return this.direct(t, 'UnlockPages', addr, () => lockPages(machineOf(this), machineOf(this).sched.vm?.space ?? null, addr >>> 0, size, LOCKFLAG_QUERY_ONLY).length > 0)
    })
  }

  private lock(t: Thread, api: string, vm: AddressSpace | null, addr: Ptr | number, size: number, pPFNs: Ptr | 0, options: number): boolean {
    const pfns = this.direct(t, api, addr, () => lockPages(machineOf(this), vm, addr >>> 0, size, options))
    pfns.forEach((pfn, i) => pPFNs && this.mem.writeU32(offset(pPFNs, 4 * i), pfn))
    return true
  }

  /** CeVirtualSharedAlloc(lpvAddress, cbSize, fdwAction): shared-heap memory (kernel-writable, user-readable). */
  CeVirtualSharedAlloc(addr: number, size: number, type: number): OwnPtr {
    return this.call('CeVirtualSharedAlloc', [addr, size, type], 0 as OwnPtr, (t) => {
      // Kernel mode only (fact sheet §8, "Kernel Mode APIs").
      this.kernelOnly(t, 'CeVirtualSharedAlloc', addr)
      return ceVirtualSharedAlloc(machineOf(this), moduleOf(this), this.site(t), addr, size, type) as OwnPtr
    })
  }

  /** ReadProcessMemory(hProcess, lpBaseAddress, lpBuffer, nSize, lpNumberOfBytesRead): `hProcess` is a process id. */
  ReadProcessMemory(pid: number, base: number, pBuffer: Ptr, n: number, pRead: Ptr | 0 = 0): boolean {
    return this.call('ReadProcessMemory', [pid, base, n], false, () => {
      const data = this.towardKernel(pid, () => readProcessMemory(machineOf(this), !this.kernelCode(), pid, base, n))
      this.mem.write(pBuffer, data)
      if (pRead) this.mem.writeU32(pRead, n)
      return true
    })
  }

  /** WriteProcessMemory(hProcess, lpBaseAddress, lpBuffer, nSize, lpNumberOfBytesWritten). */
  WriteProcessMemory(pid: number, base: number, pBuffer: Ptr, n: number, pWritten: Ptr | 0 = 0): boolean {
    return this.call('WriteProcessMemory', [pid, base, n], false, () => {
      const data = this.mem.read(pBuffer, n)
      this.towardKernel(pid, () => writeProcessMemory(machineOf(this), !this.kernelCode(), pid, base, data))
      if (pWritten) this.mem.writeU32(pWritten, n)
      return true
    })
  }

  /**
   * Read/WriteProcessMemory of nk.exe from user mode: refused as before (the address is never a valid user buffer),
   * and, called by the driver itself, an isolation attempt no correct driver makes (CE6-P07). The marshalling helpers
   * reach a kernel-mode caller the same way; their refusals are not traced as such.
   */
  private towardKernel<T>(pid: number, fn: () => T): T {
    try {
      return fn()
    } catch (e) {
      if (e instanceof ApiError && !this.kernelCode() && pid >>> 0 === machineOf(this).kernel.id) throw new IsolationRefusal(e.code, `user mode reaching the kernel's memory: ${e.message}`)
      throw e
    }
  }

  private kernelCode(): boolean {
    return moduleOf(this).process.kind === 'kernel'
  }

  // ---- privileged requests (fact sheet §8, §10.3) ----

  /** The calling code runs in user mode (a udevice): its privileged calls go through the reflector. */
  protected userMode(_t: Thread): boolean {
    // The module's process decides, never the thread that happens to be current (issue 14 hole 3).
    return moduleOf(this).process.kind !== 'kernel'
  }

  /** A kernel entry point the user-mode method table maps to NotSupported (behaviour 19). */
  protected kernelOnly(t: Thread, api: string, firstArg: number): void {
    if (this.userMode(t)) this.notSupported(t, api, firstArg, `${api} is kernel-mode only (NotSupported in the user-mode method table)`)
  }

  protected notSupported(_t: Thread, api: string, firstArg: number, reason: string): never {
    tracePrivileged(machineOf(this), api, false, firstArg, ERROR_NOT_SUPPORTED, { reason, driver: moduleOf(this).dll, path: 'kernel' })
    return fail(ERROR_NOT_SUPPORTED, reason)
  }

  /** A user-mode request for the reflector (CallAnyOneRefService); FALSE with ERROR_INVALID_PARAMETER if refused. */
  protected refService(t: Thread, api: string, firstArg: number, req: RefRequest): number {
    return callAnyOneRefService(machineOf(this), t, moduleOf(this), api, firstArg, req)
  }

  /** A privileged call served directly in kernel mode, traced as granted, or refused with its error. */
  protected direct<T>(_t: Thread, api: string, firstArg: number, fn: () => T): T {
    try {
      const r = fn()
      tracePrivileged(machineOf(this), api, true, firstArg, 0, { reason: 'kernel mode', driver: moduleOf(this).dll, path: 'kernel' })
      return r
    } catch (e) {
      if (e instanceof ApiError) tracePrivileged(machineOf(this), api, false, firstArg, e.code, { reason: e.message, driver: moduleOf(this).dll, path: 'kernel' })
      throw e
    }
  }

  /**
   * The explicit, greppable unsafe cast: a raw number (say, an embedded pointer read from a caller's buffer) made
   * acceptable to ctx.mem without CeOpenCallerBuffer. It works as the old CE5 code did — and is recorded in the trace
   * so the verifier and the static analyzer flag it.
   */
  unsafePtr(value: number): UnsafePtr {
    const t = machineOf(this).currentThread('unsafePtr')
    machineOf(this).trace.emit(Ev.Note, value >>> 0, 0, 0, 0, { unsafeCast: value >>> 0, at: this.site(t) })
    return (value >>> 0) as UnsafePtr
  }
}
