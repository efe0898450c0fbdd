// The machine's memory: physical RAM and devices, the kernel's address space (the same in every process), the
// shared heap, and the rule that decides which page an address reaches for code in a given mode with a given
// user VM loaded (fact sheet §3).
import { AccessViolation } from '../errors/exceptions.js'
import { AddressSpace } from './address-space.js'
import { loadValue, storeValue, transferPages } from './frame-io.js'
import { getLE, putLE } from './le.js'
import {
  KERNEL_ALLOC_BASE,
  KERNEL_ALLOC_END,
  PAGE_SHIFT,
  VM_KDLL_BASE,
  VM_KMODE_BASE,
  VM_SHARED_HEAP_BASE,
  VM_SHARED_HEAP_BOUND,
  VM_USER_BASE,
} from './layout.js'
import { PageEntry, PageKind } from './page-table.js'
import { PhysicalMemory } from './physical.js'
import { ACCESS_READ, ACCESS_WRITE, PAGE_READWRITE } from './protection.js'

/** Why an address reached no page (the access-violation message). */
export type FaultReason = string

const STATIC_CACHED_BASE = VM_KMODE_BASE // 0x80000000: physical memory, cached
const STATIC_UNCACHED_BASE = 0xa0000000 // 0xA0000000: the same physical memory, uncached
const STATIC_END = VM_KDLL_BASE // 0xC0000000

export class MemorySystem {
  readonly phys = new PhysicalMemory()
  /** Kernel VM (0x80000000 and up); new kernel allocations go to 0xD0000000–0xDFFFFFFF. */
  readonly kernel = new AddressSpace('kernel space', this.phys, KERNEL_ALLOC_BASE, KERNEL_ALLOC_END)
  /** 0x70000000–0x7FEFFFFF: mapped in every process, read-only to user mode (behaviour 1). */
  readonly shared = new AddressSpace('shared heap', this.phys, VM_SHARED_HEAP_BASE, VM_SHARED_HEAP_BOUND, { userReadOnly: true })

  /** A fresh user address space for a process: 0x00010000–0x3FFFFFFF allocatable. */
  createUserSpace(name: string, commitLimit = 0): AddressSpace {
    return new AddressSpace(`${name} user space`, this.phys, VM_USER_BASE, 0x40000000, { commitLimit })
  }

  /**
   * The page `addr` reaches for code in `kernelMode` whose loaded user VM is `vm`, or why it reaches none.
   * Protection is not checked here (see Mem): only existence and mode.
   */
  lookup(addr: number, kernelMode: boolean, vm: AddressSpace | null): PageEntry | FaultReason {
    const vpn = addr >>> PAGE_SHIFT
    if (addr >= VM_KMODE_BASE) {
      if (!kernelMode) return 'kernel address from user mode'
      return this.kernel.entry(vpn) ?? this.staticEntry(addr) ?? 'kernel page not committed'
    }
    if (addr < VM_USER_BASE) return 'the first 64 KiB is never mapped (NULL pointer?)'
    if (addr >= VM_SHARED_HEAP_BASE) {
      if (addr >= VM_SHARED_HEAP_BOUND) return 'guard region below 0x80000000'
      return this.shared.entry(vpn) ?? 'shared heap page not committed'
    }
    if (!vm) return 'no user address space is loaded'
    return vm.entry(vpn) ?? `page not committed in ${vm.name}`
  }

  /** The page for an access with protection checked, or why the access faults. */
  access(addr: number, write: boolean, kernelMode: boolean, vm: AddressSpace | null): PageEntry | FaultReason {
    const e = this.lookup(addr, kernelMode, vm)
    if (typeof e === 'string') return e
    if (!((kernelMode ? e.kAccess : e.uAccess) & (write ? ACCESS_WRITE : ACCESS_READ))) {
      return write ? `page is not writable${kernelMode ? '' : ' from user mode'}` : 'page is not readable'
    }
    return e
  }

  /** The page for an access, with protection checked; throws AccessViolation. */
  resolve(addr: number, write: boolean, kernelMode: boolean, vm: AddressSpace | null): PageEntry {
    const e = this.access(addr, write, kernelMode, vm)
    if (typeof e === 'string') throw new AccessViolation(addr, write, e)
    return e
  }

  /** Untraced copy for the kernel's own work and for test code acting as a process (throws AccessViolation). */
  copy(addr: number, buf: Uint8Array, write: boolean, kernelMode: boolean, vm: AddressSpace | null): void {
    if (buf.length === 0) return
    const a = addr >>> 0
    transferPages(this.phys, a, buf, write, this.resolve(a, write, kernelMode, vm), {
      resolvePage: (x, w) => this.resolve(x, w, kernelMode, vm),
    })
  }

  /** Untraced DWORD read/write (the kernel's bookkeeping, a test's own memory); throws AccessViolation. */
  readU32(addr: number, kernelMode: boolean, vm: AddressSpace | null): number {
    const a = addr >>> 0
    if ((a & 0xfff) > 0xffc) {
      const b = new Uint8Array(4)
      this.copy(a, b, false, kernelMode, vm)
      return getLE(b, 0, 4)
    }
    return loadValue(this.resolve(a, false, kernelMode, vm), a, 4)
  }

  writeU32(addr: number, v: number, kernelMode: boolean, vm: AddressSpace | null): void {
    const a = addr >>> 0
    if ((a & 0xfff) > 0xffc) {
      const b = new Uint8Array(4)
      putLE(b, 0, 4, v)
      return this.copy(a, b, true, kernelMode, vm)
    }
    storeValue(this.phys, this.resolve(a, true, kernelMode, vm), a, 4, v)
  }

  /** The statically mapped kernel window: physical memory by address, as the OEM address table maps it. The entry
   *  is built per access, because the frame at a physical address can change as pages are freed and reused. */
  private staticEntry(addr: number): PageEntry | undefined {
    if (addr >= STATIC_END) return undefined
    const phys = addr - (addr >= STATIC_UNCACHED_BASE ? STATIC_UNCACHED_BASE : STATIC_CACHED_BASE)
    const f = this.phys.frameAt(phys >>> PAGE_SHIFT)
    return f ? new PageEntry(f, PAGE_READWRITE, PageKind.Static, 0) : undefined
  }
}
