// Memory APIs for drivers: the module's heap (LocalAlloc), virtual memory, physical mappings, the shared heap, and
// the explicit unsafe pointer cast.
import { fail } from '../errors/api-error.js'
import { ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY } from '../errors/win32.js'
import type { OwnPtr, Ptr, UnsafePtr } from '../memory/pointers.js'
import { LMEM_ZEROINIT } from '../memory/protection.js'
import { ceVirtualSharedAlloc, mmMapIoSpace, mmUnmapIoSpace, virtualAlloc, virtualCopy, virtualFree, virtualProtect } from '../privileged/virtual-memory.js'
import { readProcessMemory, writeProcessMemory } from '../privileged/process-memory.js'
import { Ev } from '../trace/events.js'
import { ApiBase } from './base.js'

export abstract class MemoryApi extends ApiBase {
  /** LocalAlloc(uFlags, uBytes): a block of the module's heap, or 0 (ERROR_NOT_ENOUGH_MEMORY). Blocks are always
   *  zeroed in this simulation (fresh pages are zero; reused blocks are cleared when LMEM_ZEROINIT is given). */
  LocalAlloc(flags: number, size: number): OwnPtr {
    return this.call('LocalAlloc', [flags, size], 0 as OwnPtr, (t) => {
      if (!Number.isInteger(size) || size < 0) fail(ERROR_INVALID_PARAMETER, `LocalAlloc size ${size}`)
      const p = this.mod.heap.alloc(size, this.site(t))
      if (flags & LMEM_ZEROINIT) this.m.kernelCopy(p, new Uint8Array(this.mod.heap.sizeOf(p)!), true)
      return p as OwnPtr
    })
  }

  /** LocalFree(hMem): 0 on success; the pointer back (ERROR_INVALID_PARAMETER) if it is not a live block. */
  LocalFree(p: Ptr | number): number {
    return this.call('LocalFree', [p], p >>> 0, () => {
      if (p === 0) return 0
      if (!this.mod.heap.freeBlock(p >>> 0)) fail(ERROR_INVALID_PARAMETER, `LocalFree(${p >>> 0}): not a block of this heap`)
      return 0
    })
  }

  LocalSize(p: Ptr | number): number {
    return this.call('LocalSize', [p], 0, () => this.mod.heap.sizeOf(p >>> 0) ?? fail(ERROR_INVALID_PARAMETER, 'not a heap block'))
  }

  VirtualAlloc(addr: number, size: number, type: number, protect: number): OwnPtr {
    return this.call('VirtualAlloc', [addr, size, type], 0 as OwnPtr, (t) => {
      try {
        return virtualAlloc(this.m, this.mod, this.site(t), addr, size, type, protect) as OwnPtr
      } catch (e) {
        if (e instanceof RangeError) fail(ERROR_NOT_ENOUGH_MEMORY, e.message)
        throw e
      }
    })
  }

  VirtualFree(addr: Ptr | number, size: number, type: number): boolean {
    return this.call('VirtualFree', [addr, size, type], false, () => {
      virtualFree(this.m, this.mod, addr >>> 0, size, type)
      return true
    })
  }

  /** VirtualProtect(lpAddress, dwSize, flNewProtect, lpflOldProtect): the old protection is written to
   *  `pOldProtect` when it is given (through ctx.mem, like any driver write). */
  VirtualProtect(addr: Ptr | number, size: number, newProtect: number, pOldProtect?: Ptr): boolean {
    return this.call('VirtualProtect', [addr, size, newProtect], false, () => {
      const old = virtualProtect(this.m, this.mod, addr >>> 0, size, newProtect)
      if (pOldProtect) this.mem.writeU32(pOldProtect, old)
      return true
    })
  }

  /** VirtualCopy(lpvDest, lpvSrc, cbSize, fdwProtect); with PAGE_PHYSICAL, lpvSrc is the physical address >> 8. */
  VirtualCopy(dest: Ptr | number, src: number, size: number, protect: number): boolean {
    return this.call('VirtualCopy', [dest, src, size], false, () => {
      virtualCopy(this.m, this.mod, dest >>> 0, src >>> 0, size, protect)
      return true
    })
  }

  /** MmMapIoSpace(PhysicalAddress, NumberOfBytes, CacheEnable): a virtual address for a physical range, or 0. */
  MmMapIoSpace(physicalAddress: number, size: number, cacheEnable: boolean): OwnPtr {
    return this.call('MmMapIoSpace', [physicalAddress, size, cacheEnable ? 1 : 0], 0 as OwnPtr, (t) =>
      mmMapIoSpace(this.m, this.mod, this.site(t), physicalAddress, size, cacheEnable) as OwnPtr,
    )
  }

  MmUnmapIoSpace(va: Ptr | number, size: number): void {
    this.call('MmUnmapIoSpace', [va, size], undefined, () => mmUnmapIoSpace(this.m, this.mod, va >>> 0))
  }

  /** CeVirtualSharedAlloc(lpvAddress, cbSize, fdwAction): shared-heap memory (kernel-writable, user-readable). */
  CeVirtualSharedAlloc(addr: number, size: number, type: number): OwnPtr {
    return this.call('CeVirtualSharedAlloc', [addr, size, type], 0 as OwnPtr, (t) =>
      ceVirtualSharedAlloc(this.m, this.mod, this.site(t), addr, size, type) as OwnPtr,
    )
  }

  /** ReadProcessMemory(hProcess, lpBaseAddress, lpBuffer, nSize, lpNumberOfBytesRead): `hProcess` is a process id. */
  ReadProcessMemory(pid: number, base: number, pBuffer: Ptr, n: number, pRead: Ptr | 0 = 0): boolean {
    return this.call('ReadProcessMemory', [pid, base, n], false, () => {
      const data = readProcessMemory(this.m, !this.kernelCode(), pid, base, n)
      this.mem.write(pBuffer, data)
      if (pRead) this.mem.writeU32(pRead, n)
      return true
    })
  }

  /** WriteProcessMemory(hProcess, lpBaseAddress, lpBuffer, nSize, lpNumberOfBytesWritten). */
  WriteProcessMemory(pid: number, base: number, pBuffer: Ptr, n: number, pWritten: Ptr | 0 = 0): boolean {
    return this.call('WriteProcessMemory', [pid, base, n], false, () => {
      writeProcessMemory(this.m, !this.kernelCode(), pid, base, this.mem.read(pBuffer, n))
      if (pWritten) this.mem.writeU32(pWritten, n)
      return true
    })
  }

  private kernelCode(): boolean {
    return this.mod.process.kind === 'kernel'
  }

  /**
   * The explicit, greppable unsafe cast: a raw number (say, an embedded pointer read from a caller's buffer) made
   * acceptable to ctx.mem without CeOpenCallerBuffer. It works as the old CE5 code did — and is recorded in the trace
   * so the verifier and the static analyzer flag it.
   */
  unsafePtr(value: number): UnsafePtr {
    const t = this.m.currentThread('unsafePtr')
    this.m.trace.emit(Ev.Note, value >>> 0, 0, 0, 0, { unsafeCast: value >>> 0, at: this.site(t) })
    return (value >>> 0) as UnsafePtr
  }
}
