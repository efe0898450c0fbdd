// The LocalAlloc heap: 16-byte granules in 64 KiB chunks, exact-size reuse, large blocks in their own reservation,
// a limit, and a record of live blocks.
import { beforeEach, describe, expect, test } from 'vitest'
import { AddressSpace } from '../../src/memory/address-space.js'
import { ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY } from '../../src/errors/win32.js'
import { storeValue } from '../../src/memory/frame-io.js'
import { Heap } from '../../src/memory/heap.js'
import { PAGE_SHIFT, VM_BLOCK_SIZE } from '../../src/memory/layout.js'
import { PageKind } from '../../src/memory/page-table.js'
import { PhysicalMemory } from '../../src/memory/physical.js'
import { PAGE_READWRITE } from '../../src/memory/protection.js'
import { apiErrorOf } from './helpers.js'

const OWNER = 9
let phys: PhysicalMemory
let space: AddressSpace
let heap: Heap
beforeEach(() => {
  phys = new PhysicalMemory()
  space = new AddressSpace('kernel space', phys, 0xd0000000, 0xe0000000)
  heap = new Heap(space, PageKind.Private, OWNER)
})

describe('small blocks', () => {
  test('sizes round up to 16-byte granules, at least one granule, carved in order', () => {
    const a = heap.alloc(1, 'drv!Init')
    const b = heap.alloc(0)
    const c = heap.alloc(17)
    const d = heap.alloc(16)
    expect(a).toBe(0xd0000000)
    expect([b - a, c - b, d - c]).toEqual([16, 16, 32])
    expect([heap.sizeOf(a), heap.sizeOf(b), heap.sizeOf(c), heap.sizeOf(d)]).toEqual([16, 16, 32, 16])
    expect(heap.bytesInUse).toBe(80)
    expect(heap.live.get(a)).toEqual({ addr: a, size: 16, site: 'drv!Init', openContext: 0 })
  })

  test('the first block reserves and commits one read-write 64 KiB chunk, tagged with the owner', () => {
    const a = heap.alloc(8)
    expect(heap.regions.size).toBe(1)
    const r = space.regionAt(a)!
    expect(r.base).toBe(a)
    expect(r.size).toBe(VM_BLOCK_SIZE)
    expect(r.owner).toBe(OWNER)
    expect(space.protectionAt(a + VM_BLOCK_SIZE - 1)).toBe(PAGE_READWRITE)
    expect(space.entry(a >>> PAGE_SHIFT)!.owner).toBe(OWNER)
  })

  test('a full chunk is followed by a new one', () => {
    const a = heap.alloc(32 * 1024)
    const b = heap.alloc(32 * 1024) // 32 KiB is still a small block: the chunk is now full
    expect(b).toBe(a + 32 * 1024)
    expect(heap.regions.size).toBe(1)
    const c = heap.alloc(16)
    expect(heap.regions.size).toBe(2)
    expect(c).toBe(a + VM_BLOCK_SIZE)
  })

  test('a freed block is reused for the same rounded size, last freed first', () => {
    const a = heap.alloc(32)
    const b = heap.alloc(32)
    heap.alloc(16)
    heap.freeBlock(a)
    heap.freeBlock(b)
    expect(heap.alloc(16)).not.toBe(a) // exact-size lists: a 16-byte request does not split a 32-byte block
    expect(heap.alloc(20)).toBe(b) // rounds to 32
    expect(heap.alloc(32)).toBe(a)
    expect(heap.live.size).toBe(4)
  })

  test('freeBlock returns the block and undefined for anything that is not a live block', () => {
    const a = heap.alloc(32, 'site')
    expect(heap.freeBlock(a + 16)).toBeUndefined() // interior pointer
    expect(heap.freeBlock(0x12345678)).toBeUndefined()
    expect(heap.sizeOf(a)).toBe(32)
    expect(heap.freeBlock(a)).toEqual({ addr: a, size: 32, site: 'site', openContext: 0 })
    expect(heap.freeBlock(a)).toBeUndefined() // double free
    expect(heap.bytesInUse).toBe(0)
    expect(heap.sizeOf(a)).toBeUndefined()
  })

  test('blockContaining finds the live block around an address', () => {
    const a = heap.alloc(40) // 48 bytes
    const b = heap.alloc(16)
    expect(heap.blockContaining(a + 47)!.addr).toBe(a)
    expect(heap.blockContaining(b)!.addr).toBe(b)
    expect(heap.blockContaining(b + 16)).toBeUndefined()
    heap.freeBlock(a)
    expect(heap.blockContaining(a)).toBeUndefined()
  })
})

describe('large blocks', () => {
  test('a block above 32 KiB gets a reservation of its own, which freeing releases', () => {
    heap.alloc(16)
    const big = heap.alloc(32 * 1024 + 1)
    expect(big % VM_BLOCK_SIZE).toBe(0)
    expect(heap.sizeOf(big)).toBe(32 * 1024 + 16)
    const r = space.regionAt(big)!
    expect(r.base).toBe(big)
    expect(r.size).toBe(0x9000) // whole pages
    expect(space.protectionAt(big)).toBe(PAGE_READWRITE)
    expect(heap.regions.has(big)).toBe(true)
    storeValue(phys, space.entry(big >>> PAGE_SHIFT)!, big, 4, 0xdeadbeef)
    expect(phys.committedFrames).toBe(1)

    expect(heap.freeBlock(big)!.size).toBe(32 * 1024 + 16)
    expect(space.regionAt(big)).toBeUndefined()
    expect(heap.regions.has(big)).toBe(false)
    expect(phys.committedFrames).toBe(0)
    expect(heap.bytesInUse).toBe(16)
  })
})

describe('limits and arguments', () => {
  test('past the limit: ERROR_NOT_ENOUGH_MEMORY, and room again after a free', () => {
    const small = new Heap(space, PageKind.Private, OWNER, 64)
    const a = small.alloc(48)
    expect(apiErrorOf(() => small.alloc(17))).toBe(ERROR_NOT_ENOUGH_MEMORY) // 48 + 32 > 64
    const b = small.alloc(16) // exactly at the limit
    expect(small.bytesInUse).toBe(64)
    expect(apiErrorOf(() => small.alloc(0))).toBe(ERROR_NOT_ENOUGH_MEMORY)
    small.freeBlock(a)
    expect(small.alloc(48)).toBe(a)
    void b
  })

  test('the default limit is 64 MiB', () => {
    expect(heap.limit).toBe(64 * 1024 * 1024)
    expect(apiErrorOf(() => heap.alloc(64 * 1024 * 1024 + 1))).toBe(ERROR_NOT_ENOUGH_MEMORY)
    expect(space.allRegions()).toHaveLength(0)
  })

  test('a negative or non-finite size is ERROR_INVALID_PARAMETER', () => {
    for (const n of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(apiErrorOf(() => heap.alloc(n))).toBe(ERROR_INVALID_PARAMETER)
    expect(heap.bytesInUse).toBe(0)
  })
})

describe('destroy', () => {
  test('releases every chunk and large block and forgets every block', () => {
    const a = heap.alloc(16)
    heap.alloc(40 * 1024)
    storeValue(phys, space.entry(a >>> PAGE_SHIFT)!, a, 1, 1)
    space.reserve(0, 0x1000, PageKind.Private, 0) // not the heap's: must survive
    expect(space.allRegions()).toHaveLength(3)
    heap.destroy()
    expect(space.allRegions()).toHaveLength(1)
    expect(phys.committedFrames).toBe(0)
    expect(heap.live.size).toBe(0)
    expect(heap.regions.size).toBe(0)
    expect(heap.bytesInUse).toBe(0)
    // The heap is usable again: a new chunk, not a stale free-list entry.
    const b = heap.alloc(16)
    expect(space.regionAt(b)).toBeDefined()
    expect(heap.regions.size).toBe(1)
  })
})
