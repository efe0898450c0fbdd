// A sparse page table: only pages that exist have an entry. Each entry carries the access bits derived from its
// protection and a tag saying what the page is (heap of a driver, device window, marshalled copy, ...), which is
// what lets the trace say where an accessed address came from without a second lookup.
import type { Frame } from './physical.js'
import { accessOf } from './protection.js'

/** What a page is to whoever touches it. Stored on the entry; see trace/origins.ts for how it becomes an origin. */
export const enum PageKind {
  /** Ordinary process memory (VirtualAlloc, heap, stacks): owned by `owner`. */
  Private = 0,
  /** A device register window or physical memory mapped by VirtualCopy/MmMapIoSpace. */
  Device = 1,
  /** A copy made by the marshalling helpers (duplicate). */
  Duplicate = 2,
  /** An alias of another process's pages (VirtualAllocCopyEx: reflector parameter maps, async aliases). */
  Alias = 3,
}

export class PageEntry {
  access: number
  constructor(
    /** null while only reserved (MEM_RESERVE without MEM_COMMIT): touching it faults. */
    public frame: Frame | null,
    public prot: number,
    public kind: PageKind,
    /** Owner tag: a driver instance id, a process id, or a marshalled-buffer id, depending on `kind`. */
    public owner: number,
  ) {
    this.access = frame ? accessOf(prot) : 0
  }

  protect(prot: number): void {
    this.prot = prot
    this.access = this.frame ? accessOf(prot) : 0
  }
}

export class PageTable {
  readonly entries = new Map<number, PageEntry>()

  get(vpn: number): PageEntry | undefined {
    return this.entries.get(vpn)
  }

  set(vpn: number, e: PageEntry): void {
    this.entries.set(vpn, e)
  }

  delete(vpn: number): PageEntry | undefined {
    const e = this.entries.get(vpn)
    if (e) this.entries.delete(vpn)
    return e
  }

  get size(): number {
    return this.entries.size
  }
}
