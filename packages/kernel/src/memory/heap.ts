// LocalAlloc-style heap on top of an address space: 16-byte granules carved from 64 KiB committed chunks, exact-size
// free lists (deterministic reuse), and a record of every live block with its size, so LocalSize/LocalFree can
// check their argument and leak reports can list what is left.
import { ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY } from '../errors/win32.js'
import { fail } from '../errors/api-error.js'
import type { AddressSpace } from './address-space.js'
import { PAGE_SIZE, VM_BLOCK_SIZE } from './layout.js'
import type { PageKind } from './page-table.js'
import { PAGE_READWRITE } from './protection.js'

const GRANULE = 16
/** Blocks above this get a reservation of their own, so freeing them returns the pages. */
const LARGE_BLOCK = 32 * 1024
/** The heap's own simulated limit, so a leaking driver hits ERROR_NOT_ENOUGH_MEMORY instead of exhausting the host. */
const DEFAULT_LIMIT = 64 * 1024 * 1024

export interface HeapBlock {
  addr: number
  size: number
  /** Allocation site for leak reports (a short label such as "serial.dll!COM_Open"). */
  site: string
  /** The open context it was allocated for (ExecFrame.openContext; 0 = the device or module). */
  openContext: number
}

export class Heap {
  readonly live = new Map<number, HeapBlock>()
  private readonly free = new Map<number, number[]>()
  private readonly large = new Set<number>()
  /** Bases of the reservations the heap made (chunks and large blocks), so leak reports do not count them twice. */
  readonly regions = new Set<number>()
  private chunkNext = 0
  private chunkEnd = 0
  bytesInUse = 0

  constructor(
    readonly space: AddressSpace,
    readonly kind: PageKind,
    /** Owner tag written on every page of this heap (see page-table.ts). */
    readonly owner: number,
    readonly limit = DEFAULT_LIMIT,
  ) {}

  alloc(size: number, site = '', openContext = 0): number {
    if (size < 0 || !Number.isFinite(size)) fail(ERROR_INVALID_PARAMETER, `LocalAlloc size ${size}`)
    const bytes = Math.max(GRANULE, Math.ceil(size / GRANULE) * GRANULE)
    if (this.bytesInUse + bytes > this.limit) fail(ERROR_NOT_ENOUGH_MEMORY, `heap limit ${this.limit} bytes`)
    const addr = bytes > LARGE_BLOCK ? this.allocLarge(bytes) : (this.free.get(bytes)?.pop() ?? this.carve(bytes))
    this.live.set(addr, { addr, size: bytes, site, openContext })
    this.bytesInUse += bytes
    return addr
  }

  /** Returns the freed block, or undefined when `addr` is not a live block (LocalFree then fails). */
  freeBlock(addr: number): HeapBlock | undefined {
    const b = this.live.get(addr)
    if (!b) return undefined
    this.live.delete(addr)
    this.bytesInUse -= b.size
    if (this.large.has(addr)) {
      this.large.delete(addr)
      this.regions.delete(addr)
      this.space.release(addr)
    } else {
      let list = this.free.get(b.size)
      if (!list) this.free.set(b.size, (list = []))
      list.push(addr)
    }
    return b
  }

  /** Give every reservation back (module unload, process exit). */
  destroy(): void {
    // A driver may have released a heap region itself with VirtualFree (its own memory, as in CE): what is gone, or
    // was reserved again by someone else since, is not this heap's to release.
    for (const base of this.regions) {
      const r = this.space.regionAt(base)
      if (r !== undefined && r.base === base && r.owner === this.owner) this.space.release(base)
    }
    this.regions.clear()
    this.large.clear()
    this.live.clear()
    this.free.clear()
    this.chunkNext = this.chunkEnd = 0
    this.bytesInUse = 0
  }

  sizeOf(addr: number): number | undefined {
    return this.live.get(addr)?.size
  }

  /** The live block containing `addr`, if any (for byte-precise provenance and leak reports). */
  blockContaining(addr: number): HeapBlock | undefined {
    for (const b of this.live.values()) if (addr >= b.addr && addr < b.addr + b.size) return b
    return undefined
  }

  private carve(bytes: number): number {
    if (this.chunkNext + bytes > this.chunkEnd) {
      const r = this.space.reserve(0, VM_BLOCK_SIZE, this.kind, this.owner, 'heap')
      this.space.commit(r.base, VM_BLOCK_SIZE, PAGE_READWRITE)
      this.regions.add(r.base)
      this.chunkNext = r.base
      this.chunkEnd = r.base + VM_BLOCK_SIZE
    }
    const addr = this.chunkNext
    this.chunkNext += bytes
    return addr
  }

  private allocLarge(bytes: number): number {
    const size = Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE
    const r = this.space.reserve(0, size, this.kind, this.owner, 'heap')
    this.space.commit(r.base, size, PAGE_READWRITE)
    this.large.add(r.base)
    this.regions.add(r.base)
    return r.base
  }
}
