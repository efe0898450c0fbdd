// MemorySystem: which page an address reaches for a given mode and loaded user VM (fact sheet §3), the protection
// check, the static kernel window onto physical RAM, and the shared heap.
import { beforeEach, describe, expect, test } from 'vitest'
import { AccessViolation } from '../../src/errors/exceptions.js'
import type { AddressSpace } from '../../src/memory/address-space.js'
import { PAGE_SHIFT, PAGE_SIZE } from '../../src/memory/layout.js'
import { MemorySystem } from '../../src/memory/memory-system.js'
import { PageEntry, PageKind } from '../../src/memory/page-table.js'
import { RAM_BASE } from '../../src/memory/physical.js'
import { PAGE_NOACCESS, PAGE_READONLY, PAGE_READWRITE } from '../../src/memory/protection.js'
import { pattern, violationOf } from './helpers.js'

const KM = true
const UM = false

let ms: MemorySystem
let p1: AddressSpace
let p2: AddressSpace
beforeEach(() => {
  ms = new MemorySystem()
  p1 = ms.createUserSpace('p1')
  p2 = ms.createUserSpace('p2')
})

function alloc(space: AddressSpace, size: number, prot = PAGE_READWRITE, kind = PageKind.Private): number {
  const r = space.reserve(0, size, kind, 3)
  space.commit(r.base, size, prot)
  return r.base
}
const read = (addr: number, n: number, km: boolean, vm: AddressSpace | null): Uint8Array => {
  const b = new Uint8Array(n)
  ms.copy(addr, b, false, km, vm)
  return b
}
const reason = (addr: number, km: boolean, vm: AddressSpace | null): string => {
  const e = ms.lookup(addr, km, vm)
  if (typeof e !== 'string') throw new Error(`${addr.toString(16)} reached a page`)
  return e
}

describe('lookup: the region an address falls in decides, per mode', () => {
  test('user spaces are 0x00010000-0x3FFFFFFF', () => {
    expect([p1.lo, p1.hi]).toEqual([0x10000, 0x40000000])
    expect([ms.kernel.lo, ms.kernel.hi]).toEqual([0xd0000000, 0xe0000000])
    expect([ms.shared.lo, ms.shared.hi]).toEqual([0x70000000, 0x7ff00000])
  })

  test('the first 64 KiB is never mapped, in either mode', () => {
    for (const a of [0, 4, 0xffff]) {
      expect(reason(a, UM, p1)).toMatch(/first 64 KiB/)
      expect(reason(a, KM, p1)).toMatch(/first 64 KiB/)
    }
  })

  test('a user address needs a loaded VM and a committed page there', () => {
    const a = alloc(p1, 0x1000)
    expect(reason(a, KM, null)).toBe('no user address space is loaded')
    expect(reason(a, UM, null)).toBe('no user address space is loaded')
    expect(reason(a + 0x1000, UM, p1)).toBe('page not committed in p1 user space')
    expect(reason(0x50000000, KM, p1)).toBe('page not committed in p1 user space') // RAM-mapping area: nothing there
    expect(ms.lookup(a, UM, p1)).toBeInstanceOf(PageEntry)
    expect(ms.lookup(a, KM, p1)).toBeInstanceOf(PageEntry) // the kernel sees the loaded VM too
  })

  test('the guard 0x7FF00000-0x7FFFFFFF reaches nothing', () => {
    for (const a of [0x7ff00000, 0x7ff80000, 0x7fffffff]) {
      expect(reason(a, UM, p1)).toMatch(/guard/)
      expect(reason(a, KM, p1)).toMatch(/guard/)
    }
  })

  test('an uncommitted shared-heap page', () => {
    expect(reason(0x70000000, UM, p1)).toBe('shared heap page not committed')
    expect(reason(0x7fefffff, KM, null)).toBe('shared heap page not committed')
  })

  test('any address from 0x80000000 up faults from user mode, even a committed kernel page or the static window', () => {
    const k = alloc(ms.kernel, 0x1000)
    const f = p1.entry(alloc(p1, 0x1000) >>> PAGE_SHIFT)!.frame // a RAM frame, reachable statically
    for (const a of [0x80000000, 0x80000000 + f.ppn * PAGE_SIZE, 0xa0000000 + f.ppn * PAGE_SIZE, 0xc0000000, k, 0xffffffff]) {
      expect(reason(a, UM, p1)).toBe('kernel address from user mode')
    }
    expect(ms.lookup(k, KM, null)).toBeInstanceOf(PageEntry)
  })

  test('kernel mode: kernel VM, else the static window, else nothing', () => {
    expect(reason(0xd0000000, KM, null)).toBe('kernel page not committed')
    expect(reason(0x80000000, KM, null)).toBe('kernel page not committed') // physical 0: no RAM there
    expect(reason(0x80000000 + RAM_BASE - 1, KM, null)).toBe('kernel page not committed')
    expect(reason(0xc0000000, KM, null)).toBe('kernel page not committed') // above the static window
    expect(reason(0xf0000000, KM, null)).toBe('kernel page not committed')
    const e = ms.lookup(0x80000000 + RAM_BASE, KM, null) as PageEntry
    expect(e.kind).toBe(PageKind.Static)
    expect(e.owner).toBe(0)
    expect((ms.lookup(0xa0000000 + RAM_BASE, KM, null) as PageEntry).frame).toBe(e.frame) // the uncached alias
  })
})

describe('resolve and copy: protection', () => {
  test('the violation names the address, the direction and the reason', () => {
    const ro = alloc(p1, 0x1000, PAGE_READONLY)
    const na = alloc(p1, 0x1000, PAGE_NOACCESS)
    let v = violationOf(() => ms.resolve(ro + 8, true, UM, p1))
    expect([v.address, v.write, v.reason]).toEqual([ro + 8, true, 'page is not writable from user mode'])
    v = violationOf(() => ms.resolve(ro, true, KM, p1))
    expect(v.reason).toBe('page is not writable') // CE6 has no write-through of read-only pages for the kernel
    v = violationOf(() => ms.resolve(na, false, KM, p1))
    expect([v.write, v.reason]).toEqual([false, 'page is not readable'])
    v = violationOf(() => ms.resolve(0x80001000, false, UM, p1))
    expect(v.reason).toBe('kernel address from user mode')
    expect(v.message).toBe('access violation: read from 0x80001000 (kernel address from user mode)')
    expect(ms.resolve(ro, false, UM, p1)).toBeInstanceOf(PageEntry)
  })

  test('copy crosses pages, and a write that faults part-way keeps the pages before the fault', () => {
    const r = p1.reserve(0, 0x3000, PageKind.Private, 3)
    p1.commit(r.base, 0x2000, PAGE_READWRITE) // the third page is reserved only
    const data = pattern(0x2000, 5)
    ms.copy(r.base + 0x800, data.subarray(0, 0x1000), true, UM, p1)
    expect(read(r.base + 0x800, 0x1000, UM, p1)).toEqual(data.subarray(0, 0x1000))
    const v = violationOf(() => ms.copy(r.base + 0x1ff0, pattern(0x20, 9), true, UM, p1))
    expect(v.address).toBe(r.base + 0x2000)
    expect(read(r.base + 0x1ff0, 0x10, UM, p1)).toEqual(pattern(0x20, 9).subarray(0, 0x10))
  })

  test('a range that runs off the top of the address space faults; a zero-length copy touches nothing', () => {
    // (Nothing can be committed at 0xFFFFF000, so the first page already faults before the wrap check.)
    expect(violationOf(() => ms.copy(0xfffffff0, new Uint8Array(0x20), false, KM, null)).address).toBe(0xfffffff0)
    expect(violationOf(() => ms.copy(-16, new Uint8Array(0x20), true, KM, null)).address).toBe(0xfffffff0)
    ms.copy(0, new Uint8Array(0), true, UM, null)
  })

  test('readU32/writeU32 are little-endian and work across a page boundary', () => {
    const a = alloc(p1, 0x2000)
    ms.writeU32(a + 0xffe, 0x11223344, UM, p1)
    expect([...read(a + 0xffe, 4, UM, p1)]).toEqual([0x44, 0x33, 0x22, 0x11])
    expect(ms.readU32(a + 0xffe, UM, p1)).toBe(0x11223344)
    ms.writeU32(a, 0xfffffffe, UM, p1)
    expect(ms.readU32(a, UM, p1)).toBe(0xfffffffe)
    expect(() => ms.readU32(a + 0x1ffe, UM, p1)).toThrow(AccessViolation)
    expect(() => ms.writeU32(a + 0x1ffe, 1, UM, p1)).toThrow(AccessViolation)
  })
})

describe('whose memory an address reaches', () => {
  test('the same user address in two processes is two different pages', () => {
    const a1 = alloc(p1, 0x1000)
    const a2 = alloc(p2, 0x1000)
    expect(a1).toBe(a2) // both spaces place their first reservation at 0x10000
    ms.copy(a1, Uint8Array.of(1, 1), true, UM, p1)
    ms.copy(a2, Uint8Array.of(2, 2), true, UM, p2)
    expect([...read(a1, 2, KM, p1)]).toEqual([1, 1]) // kernel mode sees whichever VM is loaded
    expect([...read(a1, 2, KM, p2)]).toEqual([2, 2])
  })

  test('the static window reaches a RAM frame another process owns: a kernel write changes that process', () => {
    const a = alloc(p1, 0x1000)
    ms.copy(a, Uint8Array.of(0xaa, 0xbb), true, UM, p1)
    const ppn = p1.entry(a >>> PAGE_SHIFT)!.frame.ppn
    const cached = 0x80000000 + ppn * PAGE_SIZE
    const uncached = 0xa0000000 + ppn * PAGE_SIZE
    expect([...read(cached, 2, KM, p2)]).toEqual([0xaa, 0xbb]) // whatever VM is loaded
    ms.copy(cached + 1, Uint8Array.of(0x99), true, KM, null)
    ms.copy(uncached + 2, Uint8Array.of(0x77), true, KM, p2)
    expect([...read(a, 3, UM, p1)]).toEqual([0xaa, 0x99, 0x77])
    expect(violationOf(() => read(cached, 1, UM, p1)).reason).toBe('kernel address from user mode')
  })

  test('after the process frees the page, the static window no longer reaches its data', () => {
    const a = alloc(p1, 0x1000)
    ms.copy(a, Uint8Array.of(0x5a), true, UM, p1)
    const ppn = p1.entry(a >>> PAGE_SHIFT)!.frame.ppn
    p1.release(a)
    expect([...read(0x80000000 + ppn * PAGE_SIZE, 1, KM, null)]).toEqual([0])
  })

  test('the shared heap: one copy for every process, written by the kernel, read-only to user mode', () => {
    const s = alloc(ms.shared, 0x2000, PAGE_READWRITE, PageKind.Shared)
    expect(s).toBe(0x70000000)
    ms.copy(s + 0xffe, Uint8Array.of(1, 2, 3, 4), true, KM, null) // across a page, no VM needed
    expect([...read(s + 0xffe, 4, UM, p1)]).toEqual([1, 2, 3, 4])
    expect([...read(s + 0xffe, 4, UM, p2)]).toEqual([1, 2, 3, 4])
    expect([...read(s + 0xffe, 4, UM, null)]).toEqual([1, 2, 3, 4])
    const v = violationOf(() => ms.copy(s, Uint8Array.of(9), true, UM, p1))
    expect([v.address, v.reason]).toEqual([s, 'page is not writable from user mode'])
    expect([...read(s, 1, KM, null)]).toEqual([0]) // the refused write changed nothing
  })
})

test('a fresh committed page reads as zeros even if the kernel wrote its free frame through the static window', () => {
  ms.copy(0x80000000 + RAM_BASE, Uint8Array.of(0xde, 0xad), true, KM, null) // the first free RAM frame
  const a = alloc(p1, 0x1000)
  expect([...read(a, 2, UM, p1)]).toEqual([0, 0])
})
