// Physical memory: RAM frames handed out lazily, and device windows that answer register reads and writes.
import type { MmioDevice } from '../hardware/device.js'
import { PAGE_SHIFT, PAGE_SIZE, hex } from './layout.js'

/** One physical page. `bytes` is allocated on the first write, so a page that is only read costs no buffer. */
export class Frame {
  bytes: Uint8Array | null = null
  /** Page-table entries that map this frame: a RAM frame goes back to the pool only when the last one goes. */
  mappings = 0
  constructor(
    readonly ppn: number,
    /** Set for frames inside a device window: reads and writes go to the device. */
    readonly device: MmioDevice | null = null,
    /** Byte offset of this page inside the device window. */
    readonly deviceOffset = 0,
  ) {}
}

export interface AttachedDevice {
  base: number
  size: number
  device: MmioDevice
}

/**
 * Simulated RAM is physical 0x00100000–0x0FFFFFFF (255 MiB), entirely inside the kernel's statically mapped
 * window (VA 0x80000000 + phys, fact sheet §3), so a kernel-mode driver writing through a stray kernel address
 * really lands in somebody's page. Devices are attached above RAM.
 */
export const RAM_BASE = 0x00100000
export const RAM_END = 0x10000000
const RAM_FIRST_PPN = RAM_BASE >>> PAGE_SHIFT
const RAM_END_PPN = RAM_END >>> PAGE_SHIFT

/**
 * Performance: zeroed page buffers kept for reuse, shared by every machine of the process. A property run boots a
 * fresh machine per generated case and places each caller buffer on pages of its own, so new 4 KiB arrays (about
 * 1.5 µs each, plus the GC of their backing stores) were a large part of a case. A buffer comes here only when its
 * frame is freed (no mapping left, `unmap`), is zeroed as it comes, and is handed to at most one frame again.
 * Nothing but the Frame keeps a page's buffer (accesses read `frame.bytes` each time), so reuse is not visible.
 */
const zeroedPages: Uint8Array[] = []
/** 4 MiB at most: enough for a few machines' worth of caller pages. */
const MAX_POOLED_PAGES = 1024

export class PhysicalMemory {
  private readonly frames = new Map<number, Frame>()
  private readonly freePpns: number[] = []
  private nextPpn = RAM_FIRST_PPN
  readonly devices: AttachedDevice[] = []
  /** Pages committed in every address space (the commit charge): never more than RAM has, so a touched committed
   *  page always finds a frame (issue 14 hole 6: RAM exhaustion fails the commit, with CE's error). */
  commitCharge = 0
  readonly ramPages = RAM_END_PPN - RAM_FIRST_PPN
  /** Frames whose bytes exist: the memory the simulation really uses. */
  committedFrames = 0
  peakCommittedFrames = 0

  /** A RAM frame for a newly touched page. Deterministic: freed frames are reused last-in first-out. */
  allocFrame(): Frame {
    for (;;) {
      const ppn = this.freePpns.pop() ?? this.nextPpn++
      if (ppn >= RAM_END_PPN) throw new RangeError(`simulated physical RAM exhausted (${(RAM_END - RAM_BASE) >>> 20} MiB)`)
      let f = this.frames.get(ppn)
      // A page some driver mapped by physical address (VirtualCopy of RAM nobody allocated) stays theirs.
      if (f && f.mappings > 0) continue
      if (!f) {
        f = new Frame(ppn)
        this.frames.set(ppn, f)
      }
      // The kernel hands out zeroed pages; this one may hold bytes written through the static kernel window.
      f.bytes?.fill(0)
      f.mappings++
      return f
    }
  }

  /** A page-table entry stopped mapping `frame`; a RAM frame nobody maps goes back to the pool. */
  unmap(frame: Frame): void {
    if (--frame.mappings > 0 || frame.device) return
    if (this.frames.get(frame.ppn) !== frame) return
    this.frames.delete(frame.ppn)
    if (frame.bytes) {
      this.committedFrames--
      if (zeroedPages.length < MAX_POOLED_PAGES) zeroedPages.push(frame.bytes.fill(0))
    }
    frame.bytes = null
    this.freePpns.push(frame.ppn)
  }

  /** Give a frame its bytes on first write. */
  materialize(frame: Frame): Uint8Array {
    if (!frame.bytes) {
      frame.bytes = zeroedPages.pop() ?? new Uint8Array(PAGE_SIZE)
      if (++this.committedFrames > this.peakCommittedFrames) this.peakCommittedFrames = this.committedFrames
    }
    return frame.bytes
  }

  /**
   * The frame at a physical page number, for VirtualCopy(PAGE_PHYSICAL), MmMapIoSpace and the static kernel
   * window; undefined where nothing is (no RAM, no device). RAM nobody allocated yet gets a frame on demand.
   */
  frameAt(ppn: number): Frame | undefined {
    const existing = this.frames.get(ppn)
    if (existing) return existing
    if (ppn < RAM_FIRST_PPN || ppn >= RAM_END_PPN) return undefined
    const f = new Frame(ppn)
    // If the allocator later hands this ppn to a process, allocFrame shares this frame (see there).
    this.frames.set(ppn, f)
    return f
  }

  isBacked(phys: number, size: number): boolean {
    for (let ppn = phys >>> PAGE_SHIFT; ppn <= ((phys + size - 1) >>> PAGE_SHIFT); ppn++) {
      if (!this.frames.has(ppn) && (ppn < RAM_FIRST_PPN || ppn >= RAM_END_PPN)) return false
    }
    return true
  }

  /** Attach a device at a physical address; its window is page-aligned and must not overlap RAM or another device. */
  attach(base: number, device: MmioDevice): void {
    if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) throw new RangeError(`device ${device.name}: physical base ${base} is not a 32-bit address`)
    if (base & (PAGE_SIZE - 1)) throw new RangeError(`device ${device.name}: physical base ${hex(base)} is not page-aligned`)
    const pages = Math.max(1, Math.ceil(device.size / PAGE_SIZE))
    const first = base >>> PAGE_SHIFT
    if (first < RAM_END_PPN && first + pages > RAM_FIRST_PPN) {
      throw new RangeError(`device ${device.name}: ${hex(base)} overlaps simulated RAM (${hex(RAM_BASE)}–${hex(RAM_END - 1)})`)
    }
    for (let i = 0; i < pages; i++) {
      if (this.frames.has(first + i)) throw new RangeError(`device ${device.name}: ${hex(base)} overlaps another device`)
    }
    for (let i = 0; i < pages; i++) this.frames.set(first + i, new Frame(first + i, device, i * PAGE_SIZE))
    this.devices.push({ base, size: device.size, device })
  }
}
