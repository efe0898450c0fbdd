// AddressSpace: VirtualAlloc semantics on one space (reserve, commit, decommit, release, protect, mapFrames) and the
// lazy page table (an entry per touched page, a frame's bytes only once written).
import { beforeEach, describe, expect, test } from 'vitest'
import { AddressSpace } from '../../src/memory/address-space.js'
import { loadValue, storeValue } from '../../src/memory/frame-io.js'
import { PAGE_SHIFT, PAGE_SIZE, VM_BLOCK_SIZE } from '../../src/memory/layout.js'
import { PageKind } from '../../src/memory/page-table.js'
import { PhysicalMemory } from '../../src/memory/physical.js'
import {
  ACCESS_READ,
  ACCESS_WRITE,
  PAGE_EXECUTE_READ,
  PAGE_NOACCESS,
  PAGE_READONLY,
  PAGE_READWRITE,
} from '../../src/memory/protection.js'
import { ERROR_INVALID_ADDRESS, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY } from '../../src/errors/win32.js'
import { apiErrorOf } from './helpers.js'

const LO = 0x00010000
const HI = 0x40000000
const vpn = (a: number): number => a >>> PAGE_SHIFT

let phys: PhysicalMemory
let sp: AddressSpace
beforeEach(() => {
  phys = new PhysicalMemory()
  sp = new AddressSpace('p user space', phys, LO, HI)
})

/** Touch a page for a write (what Mem/MemorySystem do): the entry, then the frame's bytes. */
function poke(space: AddressSpace, addr: number, v: number): void {
  const e = space.entry(vpn(addr))
  if (!e) throw new Error(`page at ${addr.toString(16)} is not committed`)
  storeValue(space.phys, e, addr, 1, v)
}
function peek(space: AddressSpace, addr: number): number {
  const e = space.entry(vpn(addr))
  if (!e) throw new Error(`page at ${addr.toString(16)} is not committed`)
  return loadValue(e, addr, 1)
}

describe('reserve', () => {
  test('rounds the size up to pages and records kind, owner and site', () => {
    const r = sp.reserve(0, 1, PageKind.Private, 7, 'app.exe')
    expect(r.base).toBe(LO)
    expect(r.size).toBe(PAGE_SIZE)
    expect(r.end).toBe(LO + PAGE_SIZE)
    expect(r.kind).toBe(PageKind.Private)
    expect(r.owner).toBe(7)
    expect(r.site).toBe('app.exe')
    expect(sp.reserve(0, 0x10001, PageKind.Private, 7).size).toBe(0x11000)
  })

  test('places every reservation on a 64 KiB boundary, even after a one-page region', () => {
    const a = sp.reserve(0, 0x1000, PageKind.Private, 1)
    const b = sp.reserve(0, 0x1000, PageKind.Private, 1)
    const c = sp.reserve(0, 0x11000, PageKind.Private, 1) // spans two blocks
    const d = sp.reserve(0, 0x1000, PageKind.Private, 1)
    expect([a.base, b.base, c.base, d.base]).toEqual([0x10000, 0x20000, 0x30000, 0x50000])
    for (const r of [a, b, c, d]) expect(r.base % VM_BLOCK_SIZE).toBe(0)
    expect(sp.allRegions().map((r) => r.base)).toEqual([0x10000, 0x20000, 0x30000, 0x50000])
  })

  test('finds gaps next-fit from a moving hint, then wraps to the bottom of the range', () => {
    const small = new AddressSpace('small', phys, 0x10000, 0x50000) // room for four blocks
    const [a, b, c, d] = [0, 1, 2, 3].map(() => small.reserve(0, 0x1000, PageKind.Private, 1))
    expect(apiErrorOf(() => small.reserve(0, 0x1000, PageKind.Private, 1))).toBe(ERROR_NOT_ENOUGH_MEMORY)
    small.release(b!.base)
    // The only hole is b's: the search wraps from the hint (at the top) and finds it.
    expect(small.reserve(0, 0x1000, PageKind.Private, 1).base).toBe(b!.base)
    small.release(a!.base)
    small.release(c!.base)
    // Two separate one-block holes do not make a two-block gap.
    expect(apiErrorOf(() => small.reserve(0, 0x20000, PageKind.Private, 1))).toBe(ERROR_NOT_ENOUGH_MEMORY)
    expect(small.allRegions().map((r) => r.base)).toEqual([b!.base, d!.base])
  })

  test('does not reuse a freed range while there is room further up (stale pointers tend to fault)', () => {
    const a = sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.release(a.base)
    expect(sp.reserve(0, 0x1000, PageKind.Private, 1).base).toBe(0x30000)
  })

  test('at a fixed address: rounded down to 64 KiB, and the gap search skips it', () => {
    const r = sp.reserve(0x123456, 0x1000, PageKind.Private, 1)
    expect(r.base).toBe(0x120000)
    const fixedLow = sp.reserve(0x10000, 0x1000, PageKind.Private, 1)
    expect(fixedLow.base).toBe(0x10000)
    expect(sp.reserve(0, 0x1000, PageKind.Private, 1).base).toBe(0x20000)
  })

  test('overlapping an existing reservation fails with ERROR_INVALID_ADDRESS and reserves nothing', () => {
    sp.reserve(0x120000, 0x2000, PageKind.Private, 1)
    expect(apiErrorOf(() => sp.reserve(0x120000, 0x1000, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS)
    expect(apiErrorOf(() => sp.reserve(0x121000, 0x1000, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS) // rounds to 0x120000
    // Starts below and runs into it.
    expect(apiErrorOf(() => sp.reserve(0x110000, 0x10001, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS)
    expect(apiErrorOf(() => sp.reserve(0x100000, 0x30000, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS)
    expect(sp.allRegions()).toHaveLength(1)
    // Exactly adjacent below is fine.
    expect(sp.reserve(0x110000, 0x10000, PageKind.Private, 1).base).toBe(0x110000)
  })

  test('outside the space fails with ERROR_INVALID_ADDRESS', () => {
    expect(apiErrorOf(() => sp.reserve(0x8000, 0x1000, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS) // rounds to 0
    expect(apiErrorOf(() => sp.reserve(HI, 0x1000, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS)
    expect(apiErrorOf(() => sp.reserve(HI - 0x10000, 0x10001, PageKind.Private, 1))).toBe(ERROR_INVALID_ADDRESS) // runs past hi
    expect(sp.reserve(HI - 0x10000, 0x10000, PageKind.Private, 1).end).toBe(HI)
  })

  test('a size of zero, negative, NaN or larger than the space is ERROR_INVALID_PARAMETER', () => {
    for (const size of [0, -1, Number.NaN, HI - LO + 1]) {
      expect(apiErrorOf(() => sp.reserve(0, size, PageKind.Private, 1)), `size ${size}`).toBe(ERROR_INVALID_PARAMETER)
    }
    expect(sp.allRegions()).toHaveLength(0)
  })
})

describe('commit, decommit, release', () => {
  test('commit records the protection; nothing is touched until an access', () => {
    const r = sp.reserve(0, 0x4000, PageKind.Private, 1)
    expect(sp.protectionAt(r.base)).toBe(0) // reserved only
    expect(sp.entry(vpn(r.base))).toBeUndefined()
    sp.commit(r.base + 0x1000, 0x2000, PAGE_READONLY)
    expect([0, 1, 2, 3].map((i) => sp.protectionAt(r.base + i * PAGE_SIZE))).toEqual([0, PAGE_READONLY, PAGE_READONLY, 0])
    expect(sp.protectionAt(r.end)).toBeUndefined() // not reserved
    expect(sp.touchedPages()).toBe(0)
  })

  test('an unaligned range commits every page it touches', () => {
    const r = sp.reserve(0, 0x4000, PageKind.Private, 1)
    sp.commit(r.base + 0xfff, 2, PAGE_READWRITE) // the last byte of page 0 and the first of page 1
    expect([0, 1, 2].map((i) => sp.protectionAt(r.base + i * PAGE_SIZE))).toEqual([PAGE_READWRITE, PAGE_READWRITE, 0])
  })

  test('commit fails on a bad protection (87) or outside one reservation (487), changing nothing', () => {
    const r = sp.reserve(0, 0x2000, PageKind.Private, 1)
    expect(apiErrorOf(() => sp.commit(r.base, 0x1000, 0))).toBe(ERROR_INVALID_PARAMETER)
    expect(apiErrorOf(() => sp.commit(r.base, 0x1000, PAGE_READONLY | PAGE_READWRITE))).toBe(ERROR_INVALID_PARAMETER)
    expect(apiErrorOf(() => sp.commit(r.base, 0x2001, PAGE_READWRITE))).toBe(ERROR_INVALID_ADDRESS) // one byte too far
    expect(apiErrorOf(() => sp.commit(r.base + 0x10000, 0x1000, PAGE_READWRITE))).toBe(ERROR_INVALID_ADDRESS) // not reserved
    expect(sp.protectionAt(r.base)).toBe(0)
  })

  test('committing again keeps the contents and takes the new protection, also on touched pages', () => {
    const r = sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.commit(r.base, 0x1000, PAGE_READWRITE)
    poke(sp, r.base + 5, 0xab)
    const e = sp.entry(vpn(r.base))!
    expect(e.kAccess).toBe(ACCESS_READ | ACCESS_WRITE)
    sp.commit(r.base, 0x1000, PAGE_READONLY)
    expect(e.kAccess).toBe(ACCESS_READ)
    expect(e.prot).toBe(PAGE_READONLY)
    expect(peek(sp, r.base + 5)).toBe(0xab)
  })

  test('decommit drops the page and its frame; recommitting gives a zero page', () => {
    const r = sp.reserve(0, 0x2000, PageKind.Private, 1)
    sp.commit(r.base, 0x2000, PAGE_READWRITE)
    poke(sp, r.base, 1)
    poke(sp, r.base + 0x1000, 2)
    expect(phys.committedFrames).toBe(2)
    sp.decommit(r.base, 0x1000)
    expect(sp.protectionAt(r.base)).toBe(0)
    expect(sp.entry(vpn(r.base))).toBeUndefined()
    expect(sp.touchedPages()).toBe(1)
    expect(phys.committedFrames).toBe(1)
    expect(peek(sp, r.base + 0x1000)).toBe(2) // the other page is untouched
    sp.commit(r.base, 0x1000, PAGE_READWRITE)
    expect(peek(sp, r.base)).toBe(0)
    expect(apiErrorOf(() => sp.decommit(r.base + 0x1000, 0x2000))).toBe(ERROR_INVALID_ADDRESS)
  })

  test('release needs the base of a reservation and frees every page', () => {
    const r = sp.reserve(0, 0x3000, PageKind.Private, 1)
    sp.commit(r.base, 0x3000, PAGE_READWRITE)
    poke(sp, r.base, 1)
    poke(sp, r.base + 0x2000, 1)
    expect(apiErrorOf(() => sp.release(r.base + 0x1000))).toBe(ERROR_INVALID_ADDRESS)
    expect(sp.release(r.base)).toBe(r)
    expect(sp.allRegions()).toHaveLength(0)
    expect(sp.touchedPages()).toBe(0)
    expect(phys.committedFrames).toBe(0)
    expect(sp.entry(vpn(r.base))).toBeUndefined()
    expect(sp.protectionAt(r.base)).toBeUndefined()
    expect(apiErrorOf(() => sp.release(r.base))).toBe(ERROR_INVALID_ADDRESS)
  })

  test('releaseAll frees everything and restarts placement at the bottom', () => {
    sp.reserve(0, 0x1000, PageKind.Private, 1)
    const r = sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.commit(r.base, 0x1000, PAGE_READWRITE)
    poke(sp, r.base, 9)
    sp.releaseAll()
    expect(sp.allRegions()).toHaveLength(0)
    expect(sp.touchedPages()).toBe(0)
    expect(phys.committedFrames).toBe(0)
    expect(sp.reserve(0, 0x1000, PageKind.Private, 1).base).toBe(LO)
  })
})

describe('protect', () => {
  test('returns the old protection of the first page and changes every page', () => {
    const r = sp.reserve(0, 0x2000, PageKind.Private, 1)
    sp.commit(r.base, 0x1000, PAGE_READONLY)
    sp.commit(r.base + 0x1000, 0x1000, PAGE_NOACCESS)
    expect(sp.protect(r.base, 0x2000, PAGE_READWRITE)).toBe(PAGE_READONLY)
    expect(sp.protectionAt(r.base + 0x1000)).toBe(PAGE_READWRITE)
    expect(sp.protect(r.base + 0x1000, 1, PAGE_EXECUTE_READ)).toBe(PAGE_READWRITE)
  })

  test('updates the access of pages already touched', () => {
    const r = sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.commit(r.base, 0x1000, PAGE_READWRITE)
    const e = sp.entry(vpn(r.base))!
    sp.protect(r.base, 0x1000, PAGE_NOACCESS)
    expect(e.kAccess).toBe(0)
    expect(e.uAccess).toBe(0)
  })

  test('fails with ERROR_INVALID_ADDRESS if any page is not committed, and changes nothing', () => {
    const r = sp.reserve(0, 0x3000, PageKind.Private, 1)
    sp.commit(r.base, 0x1000, PAGE_READONLY)
    sp.commit(r.base + 0x2000, 0x1000, PAGE_READONLY)
    expect(apiErrorOf(() => sp.protect(r.base, 0x3000, PAGE_READWRITE))).toBe(ERROR_INVALID_ADDRESS)
    expect(sp.protectionAt(r.base)).toBe(PAGE_READONLY)
    expect(sp.protectionAt(r.base + 0x2000)).toBe(PAGE_READONLY)
    expect(apiErrorOf(() => sp.protect(r.base + 0x1000, 1, PAGE_READWRITE))).toBe(ERROR_INVALID_ADDRESS)
    expect(apiErrorOf(() => sp.protect(r.base, 0x1000, 0x99))).toBe(ERROR_INVALID_PARAMETER)
    expect(apiErrorOf(() => sp.protect(r.end, 0x1000, PAGE_READWRITE))).toBe(ERROR_INVALID_ADDRESS)
  })
})

describe('mapFrames', () => {
  test('aliases share bytes both ways, and the frame outlives the alias', () => {
    const a = sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.commit(a.base, 0x1000, PAGE_READWRITE)
    poke(sp, a.base + 10, 0x11)
    const frame = sp.entry(vpn(a.base))!.frame
    expect(frame.mappings).toBe(1)

    const other = new AddressSpace('kernel space', phys, 0xd0000000, 0xe0000000)
    const k = other.reserve(0, 0x1000, PageKind.Alias, 0)
    other.mapFrames(k.base, [frame], PAGE_READWRITE, PageKind.Alias)
    expect(frame.mappings).toBe(2)
    expect(other.touchedPages()).toBe(1) // mapped entries exist at once
    expect(other.protectionAt(k.base)).toBe(PAGE_READWRITE) // and count as committed
    expect(other.entry(vpn(k.base))!.kind).toBe(PageKind.Alias)
    expect(peek(other, k.base + 10)).toBe(0x11)
    poke(other, k.base + 11, 0x22)
    expect(peek(sp, a.base + 11)).toBe(0x22)

    other.release(k.base)
    expect(frame.mappings).toBe(1)
    expect(peek(sp, a.base + 11)).toBe(0x22)
    expect(phys.committedFrames).toBe(1)
  })

  test('a frame mapped before its first write gets its bytes once, seen by both', () => {
    const a = sp.reserve(0, 0x1000, PageKind.Private, 1)
    sp.commit(a.base, 0x1000, PAGE_READWRITE)
    const frame = sp.entry(vpn(a.base))!.frame
    expect(frame.bytes).toBeNull()
    const b = sp.reserve(0, 0x1000, PageKind.Alias, 1)
    sp.mapFrames(b.base, [frame], PAGE_READWRITE, PageKind.Alias)
    poke(sp, b.base, 0x5a)
    expect(peek(sp, a.base)).toBe(0x5a)
    expect(phys.committedFrames).toBe(1)
  })

  test('refuses committed pages (487) and bad protections (87)', () => {
    const a = sp.reserve(0, 0x2000, PageKind.Private, 1)
    sp.commit(a.base + 0x1000, 0x1000, PAGE_READWRITE)
    const f = phys.allocFrame()
    expect(apiErrorOf(() => sp.mapFrames(a.base, [f, f], PAGE_READWRITE, PageKind.Alias))).toBe(ERROR_INVALID_ADDRESS)
    expect(apiErrorOf(() => sp.mapFrames(a.base, [f], 0, PageKind.Alias))).toBe(ERROR_INVALID_PARAMETER)
    expect(f.mappings).toBe(1) // nothing was mapped
    expect(sp.protectionAt(a.base)).toBe(0)
  })
})

describe('lazy materialization', () => {
  test('reserving 1 GiB, committing its start, middle and end, and touching 3 pages costs exactly 3 entries; only written frames get bytes', () => {
    const big = new AddressSpace('big', phys, 0x40000000, 0x80000000)
    const GiB = 0x40000000
    const r = big.reserve(0, GiB, PageKind.Private, 1)
    expect(r.size).toBe(GiB)
    // Committing all of it would pass the RAM the commit charge allows (issue 14 hole 6).
    for (const at of [r.base, r.base + GiB / 2, r.base + GiB - 0x10000]) big.commit(at, 0x10000, PAGE_READWRITE)
    expect(big.touchedPages()).toBe(0)
    expect(phys.committedFrames).toBe(0)

    const first = r.base
    const middle = r.base + GiB / 2 + 0x123
    const last = r.base + GiB - 1
    expect(peek(big, first)).toBe(0) // a read: entry and frame, no bytes
    poke(big, middle, 0x77)
    poke(big, last, 0x88)
    expect(peek(big, middle + 1)).toBe(0) // same page again: nothing new
    expect(big.touchedPages()).toBe(3)
    expect(phys.committedFrames).toBe(2)
    expect(big.entry(vpn(first))!.frame.bytes).toBeNull()
    expect(peek(big, last)).toBe(0x88)
    expect(phys.peakCommittedFrames).toBe(2)

    big.release(r.base)
    expect(big.touchedPages()).toBe(0)
    expect(phys.committedFrames).toBe(0)
    expect(phys.peakCommittedFrames).toBe(2)
  })

  test('a reserved but uncommitted page never gets an entry', () => {
    const r = sp.reserve(0, 0x1000, PageKind.Private, 1)
    expect(sp.entry(vpn(r.base))).toBeUndefined()
    expect(sp.entry(vpn(r.base + 0x10000))).toBeUndefined()
    expect(sp.touchedPages()).toBe(0)
  })

  test('entries carry the region kind and owner', () => {
    const r = sp.reserve(0, 0x1000, PageKind.Duplicate, 42)
    sp.commit(r.base, 0x1000, PAGE_READONLY)
    const e = sp.entry(vpn(r.base))!
    expect(e.kind).toBe(PageKind.Duplicate)
    expect(e.owner).toBe(42)
    expect(e.kAccess).toBe(ACCESS_READ)
  })

  test('a user-read-only space grants user mode at most read access', () => {
    const shared = new AddressSpace('shared', phys, 0x70000000, 0x7ff00000, { userReadOnly: true })
    const r = shared.reserve(0, 0x1000, PageKind.Shared, 0)
    shared.commit(r.base, 0x1000, PAGE_READWRITE)
    const e = shared.entry(vpn(r.base))!
    expect(e.kAccess).toBe(ACCESS_READ | ACCESS_WRITE)
    expect(e.uAccess).toBe(ACCESS_READ)
    shared.protect(r.base, 0x1000, PAGE_NOACCESS)
    expect(e.uAccess).toBe(0)
  })
})

describe('the commit charge (issue 14 hole 6)', () => {
  test("a commit past RAM or past the space's limit fails with ERROR_NOT_ENOUGH_MEMORY; what is freed is given back", () => {
    const ram = new PhysicalMemory()
    const a = new AddressSpace('a', ram, 0x10000, 0x40000000, { commitLimit: 0x100000 })
    const r = a.reserve(0, 0x200000, PageKind.Private, 1)
    expect(() => a.commit(r.base, 0x100001, PAGE_READWRITE)).toThrow(/ERROR_NOT_ENOUGH_MEMORY.*commit limit of 256 pages/)
    a.commit(r.base, 0x100000, PAGE_READWRITE)
    a.commit(r.base, 0x1000, PAGE_READWRITE) // already committed: no new charge
    expect(a.committedPages).toBe(256)
    a.decommit(r.base, 0x1000)
    expect(a.committedPages).toBe(255)
    a.release(r.base)
    expect([a.committedPages, ram.commitCharge]).toEqual([0, 0])
    const k = new AddressSpace('k', ram, 0x40000000, 0x80000000)
    const big = k.reserve(0, 0x20000000, PageKind.Private, 1)
    expect(() => k.commit(big.base, 0x10000000, PAGE_READWRITE)).toThrow(/ERROR_NOT_ENOUGH_MEMORY.*more pages than RAM has left/)
    expect(ram.commitCharge).toBe(0)
  })
})
