// One 32-bit address space: a process's user range or the kernel's shared range. VirtualAlloc semantics:
// reserve 64 KiB-aligned regions, commit pages lazily backed by frames, protect, decommit, release.
import { ERROR_INVALID_ADDRESS, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY } from '../errors/win32.js'
import { fail } from '../errors/api-error.js'
import { PAGE_SHIFT, PAGE_SIZE, VM_BLOCK_SIZE, hex } from './layout.js'
import { PageEntry, PageKind, PageTable } from './page-table.js'
import type { Frame, PhysicalMemory } from './physical.js'
import { isValidProtection } from './protection.js'

export interface Region {
  base: number
  size: number
  kind: PageKind
  owner: number
}

export class AddressSpace {
  readonly table = new PageTable()
  /** Reservations sorted by base, so a free gap can be found deterministically. */
  private readonly regions: Region[] = []
  private hint: number

  constructor(
    readonly name: string,
    readonly phys: PhysicalMemory,
    /** Placement range for new reservations [lo, hi). */
    readonly lo: number,
    readonly hi: number,
  ) {
    this.hint = lo
  }

  /** Reserve a region. `at` = 0 lets the space choose (64 KiB aligned); otherwise it is rounded down to 64 KiB. */
  reserve(at: number, size: number, kind: PageKind, owner: number): Region {
    if (size <= 0) fail(ERROR_INVALID_PARAMETER, 'size 0')
    const bytes = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE
    const base = at ? Math.floor(at / VM_BLOCK_SIZE) * VM_BLOCK_SIZE : this.findGap(bytes)
    if (base < this.lo || base + bytes > this.hi) fail(ERROR_INVALID_ADDRESS, `${hex(base)} outside ${this.name}`)
    if (this.overlaps(base, bytes)) fail(ERROR_INVALID_ADDRESS, `${hex(base)} already reserved`)
    const r: Region = { base, size: bytes, kind, owner }
    this.insert(r)
    return r
  }

  /** Commit pages [addr, addr+size) inside an existing reservation; already committed pages keep their contents. */
  commit(addr: number, size: number, prot: number): void {
    if (!isValidProtection(prot)) fail(ERROR_INVALID_PARAMETER, `protection ${hex(prot)}`)
    const first = addr >>> PAGE_SHIFT
    const last = ((addr + Math.max(size, 1) - 1) >>> PAGE_SHIFT) >>> 0
    const r = this.regionAt(addr)
    if (!r || (last + 1) * PAGE_SIZE > r.base + r.size) fail(ERROR_INVALID_ADDRESS, `${hex(addr)} not inside one reservation`)
    for (let vpn = first; vpn <= last; vpn++) {
      const e = this.table.get(vpn)
      if (e?.frame) e.protect(prot)
      else this.table.set(vpn, new PageEntry(this.newFrame(), prot, r.kind, r.owner))
    }
  }

  /** Map existing frames at a reserved address (VirtualCopy, aliasing): the pages share the frames' bytes. */
  mapFrames(addr: number, frames: Frame[], prot: number, kind: PageKind, owner: number): void {
    const first = addr >>> PAGE_SHIFT
    for (let i = 0; i < frames.length; i++) {
      const old = this.table.get(first + i)
      if (old?.frame) this.dropFrame(old.frame)
      const f = frames[i]!
      f.mappings++
      this.table.set(first + i, new PageEntry(f, prot, kind, owner))
    }
  }

  decommit(addr: number, size: number): void {
    const r = this.regionAt(addr)
    if (!r) fail(ERROR_INVALID_ADDRESS, `${hex(addr)} is not reserved`)
    const first = addr >>> PAGE_SHIFT
    const last = ((addr + Math.max(size, 1) - 1) >>> PAGE_SHIFT) >>> 0
    for (let vpn = first; vpn <= last; vpn++) {
      const e = this.table.delete(vpn)
      if (e?.frame) this.dropFrame(e.frame)
    }
  }

  /** MEM_RELEASE: `base` must be the base of a reservation; all its pages go. */
  release(base: number): Region {
    const i = this.regions.findIndex((r) => r.base === base)
    if (i < 0) fail(ERROR_INVALID_ADDRESS, `${hex(base)} is not the base of a reservation`)
    const r = this.regions[i]!
    this.decommit(r.base, r.size)
    this.regions.splice(i, 1)
    return r
  }

  /** Change protection of committed pages; returns the old protection of the first page. */
  protect(addr: number, size: number, prot: number): number {
    if (!isValidProtection(prot)) fail(ERROR_INVALID_PARAMETER, `protection ${hex(prot)}`)
    const first = addr >>> PAGE_SHIFT
    const last = ((addr + Math.max(size, 1) - 1) >>> PAGE_SHIFT) >>> 0
    for (let vpn = first; vpn <= last; vpn++) {
      if (!this.table.get(vpn)?.frame) fail(ERROR_INVALID_ADDRESS, `${hex(vpn * PAGE_SIZE)} is not committed`)
    }
    const old = this.table.get(first)!.prot
    for (let vpn = first; vpn <= last; vpn++) this.table.get(vpn)!.protect(prot)
    return old
  }

  regionAt(addr: number): Region | undefined {
    // Binary search: regions are sorted and disjoint.
    let lo = 0
    let hi = this.regions.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const r = this.regions[mid]!
      if (addr < r.base) hi = mid - 1
      else if (addr >= r.base + r.size) lo = mid + 1
      else return r
    }
    return undefined
  }

  /** Every reservation, for leak reports and process teardown. */
  allRegions(): readonly Region[] {
    return this.regions
  }

  /** Free everything (process exit). */
  releaseAll(): void {
    for (const e of this.table.entries.values()) if (e.frame) this.dropFrame(e.frame)
    this.table.entries.clear()
    this.regions.length = 0
    this.hint = this.lo
  }

  /** Pages that have a frame with bytes: what this space really costs. */
  residentPages(): number {
    let n = 0
    for (const e of this.table.entries.values()) if (e.frame?.bytes) n++
    return n
  }

  private newFrame(): Frame {
    const f = this.phys.allocFrame()
    f.mappings++
    return f
  }

  private dropFrame(f: Frame): void {
    f.mappings--
    this.phys.release(f)
  }

  /** Next-fit from a moving hint, wrapping once: deterministic, and stale pointers tend to fault instead of aliasing new data. */
  private findGap(bytes: number): number {
    const span = Math.ceil(bytes / VM_BLOCK_SIZE) * VM_BLOCK_SIZE
    for (const start of [this.hint, this.lo]) {
      let base = start
      for (const r of this.regions) {
        if (r.base + r.size <= base) continue
        if (r.base >= base + span) break
        base = Math.ceil((r.base + r.size) / VM_BLOCK_SIZE) * VM_BLOCK_SIZE
      }
      if (base + span <= this.hi) {
        this.hint = base + span
        return base
      }
    }
    fail(ERROR_NOT_ENOUGH_MEMORY, `${this.name}: no free range of ${bytes} bytes`)
  }

  private overlaps(base: number, size: number): boolean {
    return this.regions.some((r) => base < r.base + r.size && r.base < base + size)
  }

  private insert(r: Region): void {
    let i = this.regions.length
    while (i > 0 && this.regions[i - 1]!.base > r.base) i--
    this.regions.splice(i, 0, r)
  }
}
