// Physical memory: RAM frames handed out lazily, and device windows that answer register reads and writes.
import type { MmioDevice } from '../hardware/device.js'
import { PAGE_SHIFT, PAGE_SIZE, hex } from './layout.js'

/** One physical page. `bytes` is allocated on the first write, so untouched pages cost nothing. */
export class Frame {
  bytes: Uint8Array | null = null
  /** Page tables that map this frame: an aliased frame is freed only when the last mapping goes. */
  mappings = 0
  constructor(
    readonly ppn: number,
    /** Set for frames inside a device window: reads and writes go to the device. */
    readonly device: MmioDevice | null = null,
    /** Byte offset of this page inside the device window. */
    readonly deviceOffset = 0,
  ) {}
}

export interface DeviceWindow {
  base: number
  size: number
  device: MmioDevice
}

/** RAM sits at physical 0x00100000..0x40000000; devices are attached elsewhere (e.g. 0x90000000). */
const RAM_FIRST_PPN = 0x100
const RAM_END_PPN = 0x40000

export class PhysicalMemory {
  private readonly frames = new Map<number, Frame>()
  private readonly freePpns: number[] = []
  private nextPpn = RAM_FIRST_PPN
  readonly devices: DeviceWindow[] = []
  /** Frames whose bytes exist: the memory the simulation really uses. */
  committedFrames = 0
  peakCommittedFrames = 0

  /** A fresh RAM frame (zeroed on first use). Deterministic: freed frames are reused last-in first-out. */
  allocFrame(): Frame {
    const ppn = this.freePpns.pop() ?? this.nextPpn++
    if (ppn >= RAM_END_PPN) throw new RangeError('simulated physical RAM exhausted (1 GiB)')
    const f = new Frame(ppn)
    this.frames.set(ppn, f)
    return f
  }

  /** Drop a RAM frame once nothing maps it any more. */
  release(frame: Frame): void {
    if (frame.device || frame.mappings > 0) return
    if (this.frames.get(frame.ppn) !== frame) return
    this.frames.delete(frame.ppn)
    if (frame.bytes) this.committedFrames--
    frame.bytes = null
    this.freePpns.push(frame.ppn)
  }

  /** Give a frame its bytes on first write. */
  materialize(frame: Frame): Uint8Array {
    if (!frame.bytes) {
      frame.bytes = new Uint8Array(PAGE_SIZE)
      if (++this.committedFrames > this.peakCommittedFrames) this.peakCommittedFrames = this.committedFrames
    }
    return frame.bytes
  }

  /** The frame at a physical page number, for VirtualCopy(PAGE_PHYSICAL) / MmMapIoSpace. */
  frameAt(ppn: number): Frame | undefined {
    const existing = this.frames.get(ppn)
    if (existing) return existing
    if (ppn >= RAM_FIRST_PPN && ppn < RAM_END_PPN && ppn >= this.nextPpn) {
      // Physical RAM nobody has allocated yet: mapping it by address is what a driver with a frame buffer does.
      const f = new Frame(ppn)
      this.frames.set(ppn, f)
      return f
    }
    return undefined
  }

  /** Attach a device at a physical address; its window is page-aligned and must not overlap RAM or another device. */
  attach(base: number, device: MmioDevice): void {
    if (base & (PAGE_SIZE - 1)) throw new RangeError(`device ${device.name}: physical base ${hex(base)} is not page-aligned`)
    const pages = Math.max(1, Math.ceil(device.size / PAGE_SIZE))
    const first = base >>> PAGE_SHIFT
    if (first < RAM_END_PPN) throw new RangeError(`device ${device.name}: ${hex(base)} overlaps simulated RAM (below 0x40000000)`)
    for (let i = 0; i < pages; i++) {
      if (this.frames.has(first + i)) throw new RangeError(`device ${device.name}: ${hex(base)} overlaps another device`)
    }
    for (let i = 0; i < pages; i++) this.frames.set(first + i, new Frame(first + i, device, i * PAGE_SIZE))
    this.devices.push({ base, size: device.size, device })
  }

  deviceAt(phys: number): DeviceWindow | undefined {
    return this.devices.find((d) => phys >= d.base && phys < d.base + d.size)
  }
}
