// One address space: a process's user range, the kernel's range, or the shared heap. VirtualAlloc semantics:
// reserve 64 KiB-aligned regions, commit pages, protect, decommit, release. Committing only records the
// protection in the region; the page-table entry and its frame appear when the page is first touched, so a
// process that touches 3 pages of a 1 GiB reservation costs 3 entries (and a frame's bytes only once written).
import { ERROR_INVALID_ADDRESS, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY } from '../errors/win32.js'
import { fail } from '../errors/api-error.js'
import { PAGE_SHIFT, PAGE_SIZE, VM_BLOCK_SIZE, hex } from './layout.js'
import { PageEntry, PageKind, PageTable } from './page-table.js'
import type { Frame, PhysicalMemory } from './physical.js'
import { isValidProtection } from './protection.js'
import { refuseIsolation } from '../privileged/isolation.js'

export class Region {
  /** Protection of each page; 0 = reserved but not committed (touching it faults). */
  readonly prot: Uint16Array
  /** The open context a driver reserved it for (ExecFrame.openContext; 0 = none): set by the driver APIs. */
  openContext = 0
  /**
   * Why the process's own code may not commit, protect, decommit, release or map into it ('' = it may): the
   * reflector's parameter window and aliases (issue 14). Only the kernel's own paths change such a region.
   */
  guard = ''
  /** Pages counted in the commit charge (1) — committed by commit(), not mapped frames; made on first commit. */
  charged: Uint8Array | null = null
  constructor(
    readonly base: number,
    readonly size: number,
    readonly kind: PageKind,
    /** Owner tag of whoever reserved it (a driver module or a process); 0 = the kernel. */
    readonly owner: number,
    /** Where it was allocated, for leak reports, e.g. "serial.dll!COM_Init". */
    readonly site: string,
  ) {
    this.prot = new Uint16Array(size >>> PAGE_SHIFT)
  }

  get end(): number {
    return this.base + this.size
  }
}

export interface AddressSpaceOptions {
  /** Pages of this space are read-only to user mode whatever their protection (the shared heap). */
  userReadOnly?: boolean
  /** The most this space may have committed, in bytes (MachineOptions.processCommitLimit); 0 = no limit. */
  commitLimit?: number
}

export class AddressSpace {
  readonly table = new PageTable()
  /** Reservations sorted by base, so a free gap is found deterministically. */
  private readonly regions: Region[] = []
  private hint: number
  private readonly userReadOnly: boolean

  constructor(
    readonly name: string,
    readonly phys: PhysicalMemory,
    /** Placement range for new reservations [lo, hi). */
    readonly lo: number,
    readonly hi: number,
    opts: AddressSpaceOptions = {},
  ) {
    this.hint = lo
    this.userReadOnly = opts.userReadOnly ?? false
    this.limitPages = opts.commitLimit ? Math.floor(opts.commitLimit / PAGE_SIZE) : Infinity
  }

  /** Pages this space has committed (its share of the commit charge) and the most it may. */
  committedPages = 0
  private readonly limitPages: number

  /** Reserve a region. `at` = 0 lets the space choose (64 KiB aligned); otherwise it is rounded down to 64 KiB. */
  reserve(at: number, size: number, kind: PageKind, owner: number, site = ''): Region {
    if (!(size > 0) || size > this.hi - this.lo) fail(ERROR_INVALID_PARAMETER, `size ${size}`)
    // At a given address the base rounds down to 64 KiB and the region still covers every page of [at, at+size).
    const base = at ? Math.floor(at / VM_BLOCK_SIZE) * VM_BLOCK_SIZE : this.findGap(Math.ceil(size / PAGE_SIZE) * PAGE_SIZE)
    const bytes = Math.ceil(((at ? at - base : 0) + size) / PAGE_SIZE) * PAGE_SIZE
    if (base < this.lo || base + bytes > this.hi) fail(ERROR_INVALID_ADDRESS, `${hex(base)} is outside ${this.name}`)
    if (this.overlaps(base, bytes)) fail(ERROR_INVALID_ADDRESS, `${hex(base)} is already reserved`)
    const r = new Region(base, bytes, kind, owner, site)
    this.insert(r)
    return r
  }

  /** Commit pages [addr, addr+size) inside one reservation; pages already committed keep their contents. */
  commit(addr: number, size: number, prot: number): void {
    if (!isValidProtection(prot)) fail(ERROR_INVALID_PARAMETER, `protection ${hex(prot)}`)
    this.guardAt(addr)
    const [r, first, last] = this.span(addr, size)
    this.charge(r, first, last)
    for (let i = first; i <= last; i++) {
      r.prot[i] = prot
      this.table.get((r.base >>> PAGE_SHIFT) + i)?.protect(prot)
    }
  }

  /** Count pages [first, last] of `r` not yet committed against this space's limit and RAM; refuse past either. */
  private charge(r: Region, first: number, last: number): void {
    let n = 0
    for (let i = first; i <= last; i++) if (!r.prot[i]) n++
    if (n === 0) return
    if (this.committedPages + n > this.limitPages) {
      fail(ERROR_NOT_ENOUGH_MEMORY, `${this.name}: committing ${n} more pages passes its commit limit of ${this.limitPages} pages`)
    }
    if (this.phys.commitCharge + n > this.phys.ramPages) fail(ERROR_NOT_ENOUGH_MEMORY, `${this.name}: ${n} more pages than RAM has left`)
    r.charged ??= new Uint8Array(r.prot.length)
    for (let i = first; i <= last; i++) if (!r.prot[i]) r.charged[i] = 1
    this.committedPages += n
    this.phys.commitCharge += n
  }

  /** Give back the charge of pages [first, last] of `r`. */
  private uncharge(r: Region, first: number, last: number): void {
    const c = r.charged
    if (c === null) return
    let n = 0
    for (let i = first; i <= last; i++) if (c[i]) (n++, (c[i] = 0))
    this.committedPages -= n
    this.phys.commitCharge -= n
  }

  decommit(addr: number, size: number): void {
    this.guardAt(addr)
    const [r, first, last] = this.span(addr, size)
    this.uncharge(r, first, last)
    for (let i = first; i <= last; i++) {
      r.prot[i] = 0
      this.drop((r.base >>> PAGE_SHIFT) + i)
    }
  }

  /** MEM_RELEASE: `base` must be the base of a reservation; all its pages go. */
  release(base: number): Region {
    this.guardAt(base)
    const i = this.firstEndingAfter(base)
    const r = this.regions[i]
    if (!r || r.base !== base) fail(ERROR_INVALID_ADDRESS, `${hex(base)} is not the base of a reservation`)
    this.uncharge(r, 0, r.prot.length - 1)
    const vpn0 = r.base >>> PAGE_SHIFT
    for (let p = 0; p < r.prot.length; p++) this.drop(vpn0 + p)
    this.regions.splice(i, 1)
    return r
  }

  /** Change the protection of committed pages; returns the old protection of the first page. */
  protect(addr: number, size: number, prot: number): number {
    if (!isValidProtection(prot)) fail(ERROR_INVALID_PARAMETER, `protection ${hex(prot)}`)
    this.guardAt(addr)
    const [r, first, last] = this.span(addr, size)
    for (let i = first; i <= last; i++) if (!r.prot[i]) fail(ERROR_INVALID_ADDRESS, `${hex(r.base + i * PAGE_SIZE)} is not committed`)
    const old = r.prot[first]!
    this.commit(addr, size, prot)
    return old
  }

  /**
   * Map given frames at a reserved, uncommitted address (VirtualCopy, MmMapIoSpace, aliases): the pages share the
   * frames' bytes or device registers. The entries exist at once; the pages count as committed.
   */
  mapFrames(addr: number, frames: readonly Frame[], prot: number, kind: PageKind): void {
    if (!isValidProtection(prot)) fail(ERROR_INVALID_PARAMETER, `protection ${hex(prot)}`)
    this.guardAt(addr)
    const [r, first, last] = this.span(addr, frames.length * PAGE_SIZE)
    for (let i = first; i <= last; i++) if (r.prot[i]) fail(ERROR_INVALID_ADDRESS, `${hex(r.base + i * PAGE_SIZE)} is already committed`)
    for (let i = first; i <= last; i++) {
      const f = frames[i - first]!
      f.mappings++
      r.prot[i] = prot
      this.table.set((r.base >>> PAGE_SHIFT) + i, new PageEntry(f, prot, kind, r.owner, this.userReadOnly))
    }
  }

  /**
   * Map one frame at page `vpn` of a reserved, uncommitted page, for a short time (the reflector's per-call parameter
   * window): the page stays uncommitted in its region, so once unmapTransient removes the entry it faults again.
   */
  mapTransient(vpn: number, frame: Frame, prot: number, kind: PageKind): PageEntry {
    this.drop(vpn)
    frame.mappings++
    const e = new PageEntry(frame, prot, kind, 0, this.userReadOnly)
    this.table.set(vpn, e)
    return e
  }

  unmapTransient(vpn: number): void {
    this.drop(vpn)
  }

  /** The entry for a virtual page, created on first touch of a committed page; undefined if not committed. */
  entry(vpn: number): PageEntry | undefined {
    return this.table.get(vpn) ?? this.materialize(vpn)
  }

  private materialize(vpn: number): PageEntry | undefined {
    const r = this.regionAt(vpn << PAGE_SHIFT >>> 0)
    if (!r) return undefined
    const prot = r.prot[vpn - (r.base >>> PAGE_SHIFT)]!
    if (!prot) return undefined
    const e = new PageEntry(this.phys.allocFrame(), prot, r.kind, r.owner, this.userReadOnly)
    this.table.set(vpn, e)
    return e
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

  /** Protection of the page at `addr` (0 if reserved only), or undefined if nothing is reserved there. */
  protectionAt(addr: number): number | undefined {
    const r = this.regionAt(addr)
    return r ? r.prot[(addr - r.base) >>> PAGE_SHIFT] : undefined
  }

  /** Every reservation, for leak reports and teardown. */
  allRegions(): readonly Region[] {
    return this.regions
  }

  /** Free everything (process exit). */
  releaseAll(): void {
    for (const r of this.regions) this.uncharge(r, 0, r.prot.length - 1)
    for (const e of this.table.entries.values()) this.phys.unmap(e.frame)
    this.table.clear()
    this.regions.length = 0
    this.hint = this.lo
  }

  /** Pages that have been touched (have an entry): what this space really costs. */
  touchedPages(): number {
    return this.table.size
  }

  /** Refuse, before anything else is checked, an address in a region the process's code may not change. */
  private guardAt(addr: number): void {
    const r = this.regionAt(addr >>> 0)
    if (r !== undefined && r.guard) guarded(r, addr)
  }

  /** [region, first page index, last page index] for a range that must lie inside one reservation. */
  private span(addr: number, size: number): [Region, number, number] {
    const r = this.regionAt(addr)
    const end = addr + Math.max(size, 1)
    if (!r || end > r.end) fail(ERROR_INVALID_ADDRESS, `${hex(addr)}+${size} is not inside one reservation of ${this.name}`)
    return [r, (addr - r.base) >>> PAGE_SHIFT, (end - 1 - r.base) >>> PAGE_SHIFT]
  }

  private drop(vpn: number): void {
    const e = this.table.delete(vpn)
    if (e) this.phys.unmap(e.frame)
  }

  /** Next-fit from a moving hint, wrapping once: deterministic, and a stale pointer tends to fault instead of
   *  landing in a new allocation. */
  private findGap(bytes: number): number {
    const span = Math.ceil(bytes / VM_BLOCK_SIZE) * VM_BLOCK_SIZE
    for (const start of [this.hint, this.lo]) {
      let base = start
      // The walk starts at the first region that ends above `base` (a binary search: a process that allocates
      // on and on, as a property case placing every buffer on pages of its own, would make this quadratic).
      for (let i = this.firstEndingAfter(base); i < this.regions.length; i++) {
        const r = this.regions[i]!
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

  /** Regions are sorted and disjoint, so only the first one ending above `base` can overlap [base, base+size). */
  private overlaps(base: number, size: number): boolean {
    const r = this.regions[this.firstEndingAfter(base)]
    return r !== undefined && r.base < base + size
  }

  private insert(r: Region): void {
    this.regions.splice(this.firstEndingAfter(r.base), 0, r)
  }

  /** The index of the first region whose end is above `addr` (the length when there is none). */
  private firstEndingAfter(addr: number): number {
    let lo = 0
    let hi = this.regions.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const r = this.regions[mid]!
      if (r.base + r.size <= addr) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** A region the process's code may not change: refused as an isolation attempt. */
function guarded(r: Region, addr: number): void {
  if (r.guard) refuseIsolation(ERROR_INVALID_ADDRESS, `${hex(addr)} is in ${r.guard}: not the driver's to commit, protect, free or map`)
}
