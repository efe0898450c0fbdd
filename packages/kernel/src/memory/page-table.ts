// A sparse page table: only pages that have been touched have an entry (the region they belong to knows whether
// they are committed). Each entry caches the access bits its protection grants in kernel and in user mode, and a
// tag saying what the page is, which is what lets the trace say where an accessed address came from without a
// second lookup.
import type { Frame } from './physical.js'
import { accessOf } from './protection.js'

/** What a page is to whoever touches it. */
export const enum PageKind {
  /** Ordinary process or kernel memory (VirtualAlloc, heaps, stacks): owned by `owner`. */
  Private = 0,
  /** A device register window or physical memory mapped by VirtualCopy(PAGE_PHYSICAL)/MmMapIoSpace. */
  Physical = 1,
  /** A copy made by the marshalling helpers (duplicate). */
  Duplicate = 2,
  /** An alias of another range's frames (VirtualCopy of virtual memory, reflector parameter maps, async aliases). */
  Alias = 3,
  /** The shared heap (0x70000000–0x7FEFFFFF): the same frames in every process, read-only to user mode. */
  Shared = 4,
  /** The statically mapped kernel window (0x80000000–0xBFFFFFFF): physical memory by address. */
  Static = 5,
}

export class PageEntry {
  /** Access bits granted to kernel-mode code (ACCESS_READ | ACCESS_WRITE). */
  kAccess: number
  /** Access bits granted to user-mode code. */
  uAccess: number
  /** Both as one mask, kAccess | uAccess << 2: what a lookup cache tests (LookupCache.get). */
  allow: number
  constructor(
    public frame: Frame,
    public prot: number,
    readonly kind: PageKind,
    /** Owner tag: the module (driver DLL instance) or process that allocated the page; 0 = the kernel itself. */
    readonly owner: number,
    /** Shared-heap pages are writable by the kernel only. */
    readonly userReadOnly = false,
  ) {
    this.kAccess = 0
    this.uAccess = 0
    this.allow = 0
    this.protect(prot)
  }

  protect(prot: number): void {
    this.prot = prot
    const a = accessOf(prot)
    this.kAccess = a
    this.uAccess = this.userReadOnly ? a & 1 : a
    this.allow = this.kAccess | (this.uAccess << 2)
  }
}

/**
 * Counts every change of which entry a page table holds for a page, in any table of any machine: a cache of
 * lookups (Mem's) is valid while the count it was filled at is current. An entry's protection changes in place
 * (PageEntry.protect; the reflector's parameter window does on every call), so a cached entry shows it without a
 * new count.
 */
export const pageTableEdits = { count: 0 }

export class PageTable {
  /** Read-only outside this class: every change goes through set/delete/clear, which count it. */
  readonly entries = new Map<number, PageEntry>()

  get(vpn: number): PageEntry | undefined {
    return this.entries.get(vpn)
  }

  set(vpn: number, e: PageEntry): void {
    pageTableEdits.count++
    this.entries.set(vpn, e)
  }

  delete(vpn: number): PageEntry | undefined {
    const e = this.entries.get(vpn)
    if (e) {
      pageTableEdits.count++
      this.entries.delete(vpn)
    }
    return e
  }

  clear(): void {
    pageTableEdits.count++
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
