// A per-thread window of pages in a udevice where the reflector maps a call's parameter buffers (fact sheet §10.2).
// Mapping into a reserved window instead of a fresh reservation per buffer keeps the IOCTL path cheap; the pages are
// uncommitted in the window's region, so the moment a call's mappings are removed a pointer kept by the driver
// faults, as after CE6's VirtualFreeEx of the alias. Calls on one thread nest, so the window is a stack: a call maps
// above the mark it found and unmaps back to it. An unmapped slot keeps its page-table entry with no access
// (PAGE_NOACCESS), so the next call mapping the same frame there — the usual case, a caller reusing its buffers —
// only restores the protection instead of building a new entry.
import type { AddressSpace, Region } from '../memory/address-space.js'
import { PAGE_SHIFT, PAGE_SIZE, VM_BLOCK_SIZE } from '../memory/layout.js'
import { PageKind, type PageEntry } from '../memory/page-table.js'
import type { Frame } from '../memory/physical.js'
import { PAGE_NOACCESS } from '../memory/protection.js'

/** 64 KiB: one reservation. Buffers that do not fit take a reservation of their own (param-map.ts). */
export const PARAM_WINDOW_PAGES = 16

export class ParamWindow {
  private readonly vpn0: number
  /** Pages in use, from the bottom. */
  top = 0
  private readonly slots: (PageEntry | null)[] = new Array<PageEntry | null>(PARAM_WINDOW_PAGES).fill(null)

  /** `at`: where the host would like it (a seeded address away from a caller's layout: udevice.ts); if that is
   *  taken, the next free range. The driver cannot commit, protect, free or map into it (Region.guard). */
  constructor(
    private readonly space: AddressSpace,
    at: number,
  ) {
    const r = reserveNear(space, at, PARAM_WINDOW_PAGES * PAGE_SIZE, 'reflector parameter window')
    r.guard = "the reflector's parameter window"
    this.vpn0 = r.base >>> PAGE_SHIFT
  }

  /** Map `frames` above the top; the address of the first page, or 0 if they do not fit. */
  map(frames: readonly Frame[], prot: number): number {
    if (this.top + frames.length > PARAM_WINDOW_PAGES) return 0
    const first = this.top
    for (let i = 0; i < frames.length; i++) {
      const e = this.slots[first + i]
      if (e && e.frame === frames[i] && this.space.table.get(this.vpn0 + first + i) === e) e.protect(prot)
      else this.slots[first + i] = this.space.mapTransient(this.vpn0 + first + i, frames[i]!, prot, PageKind.Alias)
    }
    this.top += frames.length
    return ((this.vpn0 + first) << PAGE_SHIFT) >>> 0
  }

  /** Unmap everything above `mark`: the pages fault from now on. */
  unmapTo(mark: number): void {
    for (let i = mark; i < this.top; i++) this.slots[i]?.protect(PAGE_NOACCESS)
    this.top = Math.min(this.top, mark)
  }
}

/** Reserve `size` bytes at `at`, or at the first free range above it, or anywhere: a host's own placement. */
export function reserveNear(space: AddressSpace, at: number, size: number, site: string): Region {
  for (let base = at; base !== 0 && base + size <= space.hi; base += VM_BLOCK_SIZE) {
    if (space.regionAt(base) === undefined && space.regionAt(base + size - 1) === undefined) return space.reserve(base, size, PageKind.Alias, 0, site)
  }
  return space.reserve(0, size, PageKind.Alias, 0, site)
}
