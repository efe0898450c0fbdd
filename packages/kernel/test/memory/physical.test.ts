// PhysicalMemory: RAM frames handed out lazily and reused last-in first-out, device windows, frames by address.
import { beforeEach, describe, expect, test } from 'vitest'
import type { AccessWidth, MmioDevice } from '../../src/hardware/device.js'
import { PAGE_SHIFT, PAGE_SIZE } from '../../src/memory/layout.js'
import { PhysicalMemory, RAM_BASE, RAM_END } from '../../src/memory/physical.js'

const FIRST = RAM_BASE >>> PAGE_SHIFT // 0x100
const END = RAM_END >>> PAGE_SHIFT // 0x10000

function device(name: string, size: number): MmioDevice {
  return { name, size, read: (_o: number, _w: AccessWidth) => 0, write: () => {} }
}

let phys: PhysicalMemory
beforeEach(() => {
  phys = new PhysicalMemory()
})

describe('RAM frames', () => {
  test('simulated RAM is physical 0x00100000-0x0FFFFFFF', () => {
    expect(RAM_BASE).toBe(0x00100000)
    expect(RAM_END).toBe(0x10000000)
  })

  test('frames are handed out from the bottom of RAM, one mapping each, with no bytes', () => {
    const a = phys.allocFrame()
    const b = phys.allocFrame()
    expect([a.ppn, b.ppn]).toEqual([FIRST, FIRST + 1])
    expect(a.mappings).toBe(1)
    expect(a.bytes).toBeNull()
    expect(a.device).toBeNull()
    expect(phys.committedFrames).toBe(0)
  })

  test('freed frames are reused last-in first-out, before fresh ones', () => {
    const [a, b, c] = [phys.allocFrame(), phys.allocFrame(), phys.allocFrame()]
    phys.unmap(a)
    phys.unmap(c)
    expect(phys.allocFrame().ppn).toBe(c.ppn)
    expect(phys.allocFrame().ppn).toBe(a.ppn)
    expect(phys.allocFrame().ppn).toBe(FIRST + 3)
    void b
  })

  test('a frame goes back only when its last mapping goes; its bytes go with it', () => {
    const f = phys.allocFrame()
    f.mappings++ // a second page maps it (an alias)
    phys.materialize(f)[0] = 0x42
    expect(phys.committedFrames).toBe(1)
    phys.unmap(f)
    expect(f.bytes![0]).toBe(0x42)
    expect(phys.committedFrames).toBe(1)
    expect(phys.allocFrame().ppn).toBe(FIRST + 1) // not reused yet
    phys.unmap(f)
    expect(f.bytes).toBeNull()
    expect(phys.committedFrames).toBe(0)
    const again = phys.allocFrame()
    expect(again.ppn).toBe(f.ppn)
    expect(again.bytes).toBeNull() // a reused frame starts as zeros
  })

  test('materialize creates the bytes once and tracks the peak', () => {
    const f = phys.allocFrame()
    const g = phys.allocFrame()
    const bytes = phys.materialize(f)
    expect(bytes).toHaveLength(PAGE_SIZE)
    expect(phys.materialize(f)).toBe(bytes)
    phys.materialize(g)
    expect(phys.committedFrames).toBe(2)
    phys.unmap(g)
    expect(phys.committedFrames).toBe(1)
    expect(phys.peakCommittedFrames).toBe(2)
  })

  test('the bytes of a freed frame are reused zeroed, by this machine or another, and by one frame only', () => {
    const f = phys.allocFrame()
    const bytes = phys.materialize(f)
    bytes.fill(0xa5)
    phys.unmap(f)
    const other = new PhysicalMemory()
    const g = other.allocFrame()
    const h = other.allocFrame()
    const gb = other.materialize(g)
    const hb = other.materialize(h)
    expect(gb).not.toBe(hb)
    expect([gb, hb]).toContain(bytes)
    expect(gb.every((b) => b === 0) && hb.every((b) => b === 0)).toBe(true)
  })

  test('RAM runs out with a RangeError after the last frame', () => {
    for (let i = FIRST; i < END; i++) phys.allocFrame()
    expect(() => phys.allocFrame()).toThrow(RangeError)
  })
})

describe('frameAt (VirtualCopy PAGE_PHYSICAL, MmMapIoSpace, the static window)', () => {
  test('nothing below or above RAM unless a device is there', () => {
    expect(phys.frameAt(0)).toBeUndefined()
    expect(phys.frameAt(FIRST - 1)).toBeUndefined()
    expect(phys.frameAt(END)).toBeUndefined()
    expect(phys.frameAt(0xfffff)).toBeUndefined()
    expect(phys.isBacked(0, 1)).toBe(false)
    expect(phys.isBacked(RAM_BASE - 1, 2)).toBe(false)
    expect(phys.isBacked(RAM_BASE, 0x2000)).toBe(true)
  })

  test('an allocated RAM page is the same frame by address', () => {
    const f = phys.allocFrame()
    expect(phys.frameAt(f.ppn)).toBe(f)
  })

  test('an unallocated RAM page gets a frame on demand, which the allocator later shares', () => {
    const byAddress = phys.frameAt(FIRST)!
    expect(byAddress.ppn).toBe(FIRST)
    expect(byAddress.mappings).toBe(0)
    expect(phys.frameAt(FIRST)).toBe(byAddress)
    const allocated = phys.allocFrame()
    expect(allocated).toBe(byAddress)
    expect(allocated.mappings).toBe(1)
  })
})

describe('devices', () => {
  test('attach makes device frames with their offset in the window', () => {
    const d = device('regs', 0x2800)
    phys.attach(0x20000000, d)
    const f0 = phys.frameAt(0x20000)!
    const f2 = phys.frameAt(0x20002)!
    expect(f0.device).toBe(d)
    expect(f0.deviceOffset).toBe(0)
    expect(f2.deviceOffset).toBe(0x2000)
    expect(phys.frameAt(0x20003)).toBeUndefined() // 0x2800 bytes = 3 pages
    expect(phys.isBacked(0x20000000, 0x3000)).toBe(true)
    expect(phys.isBacked(0x20000000, 0x3001)).toBe(false)
    expect(phys.devices).toEqual([{ base: 0x20000000, size: 0x2800, device: d }])
  })

  test('a device frame is never returned to the RAM pool', () => {
    phys.attach(0x20000000, device('regs', 0x1000))
    const f = phys.frameAt(0x20000)!
    f.mappings++
    phys.unmap(f)
    expect(phys.frameAt(0x20000)).toBe(f)
    expect(phys.allocFrame().ppn).toBe(FIRST)
  })

  test('a zero-size device still occupies one page', () => {
    phys.attach(0x30000000, device('empty', 0))
    expect(phys.frameAt(0x30000)!.device!.name).toBe('empty')
    expect(() => phys.attach(0x30000000, device('second', 4))).toThrow(/overlaps another device/)
  })

  test('the base must be a page-aligned 32-bit address', () => {
    expect(() => phys.attach(0x20000004, device('x', 4))).toThrow(/not page-aligned/)
    expect(() => phys.attach(-0x1000, device('x', 4))).toThrow(/not a 32-bit address/)
    expect(() => phys.attach(0x100000000, device('x', 4))).toThrow(/not a 32-bit address/)
    expect(() => phys.attach(1.5, device('x', 4))).toThrow(RangeError)
    expect(phys.devices).toHaveLength(0)
  })

  test('a window touching RAM is refused; windows right below or above RAM are fine', () => {
    expect(() => phys.attach(RAM_BASE, device('x', 4))).toThrow(/overlaps simulated RAM/)
    expect(() => phys.attach(RAM_BASE - 0x1000, device('x', 0x1001))).toThrow(/overlaps simulated RAM/)
    expect(() => phys.attach(RAM_END - 0x1000, device('x', 4))).toThrow(/overlaps simulated RAM/)
    expect(() => phys.attach(0, device('x', 0x200000))).toThrow(/overlaps simulated RAM/)
    phys.attach(RAM_BASE - 0x1000, device('below', 0x1000))
    phys.attach(RAM_END, device('above', 0x1000))
    expect(phys.devices.map((d) => d.device.name)).toEqual(['below', 'above'])
  })

  test('overlapping windows are refused and leave the first device in place', () => {
    const first = device('first', 0x2000)
    phys.attach(0x20000000, first)
    expect(() => phys.attach(0x20001000, device('second', 4))).toThrow(/overlaps another device/)
    expect(() => phys.attach(0x1ffff000, device('third', 0x1001))).toThrow(/overlaps another device/)
    expect(phys.frameAt(0x1ffff)).toBeUndefined() // the refused device left no frame behind
    expect(phys.frameAt(0x20001)!.device).toBe(first)
    phys.attach(0x20002000, device('adjacent', 4))
  })
})
