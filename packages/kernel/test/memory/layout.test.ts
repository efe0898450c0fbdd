// The CE6 layout constants and the two vmlayout.h predicates (fact sheet §3).
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  IsKModeAddr,
  IsValidUsrPtr,
  PAGE_SIZE,
  VM_BLOCK_SIZE,
  VM_DLL_BASE,
  VM_KMODE_BASE,
  VM_NKVM_BASE,
  VM_NKVM_END,
  VM_SHARED_HEAP_BASE,
  VM_SHARED_HEAP_BOUND,
  VM_USER_BASE,
  hex,
  pageBase,
  pageOf,
  roundUpToPage,
} from '../../src/memory/layout.js'

const R = false // fWrite = FALSE
const W = true

describe('layout constants (vmlayout.h)', () => {
  test('the values of fact sheet §3', () => {
    expect(PAGE_SIZE).toBe(0x1000)
    expect(VM_BLOCK_SIZE).toBe(0x10000)
    expect(VM_USER_BASE).toBe(0x00010000)
    expect(VM_DLL_BASE).toBe(0x40000000)
    expect(VM_SHARED_HEAP_BASE).toBe(0x70000000)
    expect(VM_SHARED_HEAP_BOUND).toBe(0x7ff00000)
    expect(VM_KMODE_BASE).toBe(0x80000000)
    expect(VM_NKVM_BASE).toBe(0xd0000000)
    expect(VM_NKVM_END).toBe(0xe0000000)
  })

  test('page helpers work on unsigned 32-bit addresses', () => {
    expect(pageOf(0xffffffff)).toBe(0xfffff)
    expect(pageOf(0x1fff)).toBe(1)
    expect(pageBase(0xdeadbeef)).toBe(0xdeadb000)
    expect(pageBase(0x80000fff)).toBe(0x80000000) // stays unsigned
    expect(roundUpToPage(0)).toBe(0)
    expect(roundUpToPage(1)).toBe(0x1000)
    expect(roundUpToPage(0x1000)).toBe(0x1000)
    expect(roundUpToPage(0x1001)).toBe(0x2000)
    expect(hex(0x80000000)).toBe('0x80000000')
    expect(hex(-1)).toBe('0xFFFFFFFF')
  })
})

describe('IsValidUsrPtr(ptr, size, fWrite) = (int)size >= 0 && (int)ptr >= 0x10000 && ptr+size < (fWrite ? 0x70000000 : 0x80000000)', () => {
  test('the first 64 KiB is never a valid user pointer', () => {
    expect(IsValidUsrPtr(0, 0, R)).toBe(false)
    expect(IsValidUsrPtr(0xffff, 1, R)).toBe(false)
    expect(IsValidUsrPtr(0xffff, 0, W)).toBe(false)
    expect(IsValidUsrPtr(0x10000, 0, R)).toBe(true)
    expect(IsValidUsrPtr(0x10000, 0x1000, W)).toBe(true)
  })

  test('a size that is negative as an int is refused, however small the pointer', () => {
    expect(IsValidUsrPtr(0x10000, 0x7fffffff, R)).toBe(false) // not negative, but ptr+size is past the bound
    expect(IsValidUsrPtr(0x10000, 0x80000000, R)).toBe(false) // (int)size = INT_MIN
    expect(IsValidUsrPtr(0x10000, 0xffffffff, R)).toBe(false) // (int)size = -1: would wrap ptr+size to 0xFFFF
    expect(IsValidUsrPtr(0x10000, 0xfffffff0, W)).toBe(false)
    expect(IsValidUsrPtr(0x10000, -1, R)).toBe(false) // a JS -1 is the same DWORD
  })

  test('a write may not reach the shared heap; ptr+size must be strictly below 0x70000000', () => {
    expect(IsValidUsrPtr(0x6ffff000, 0xfff, W)).toBe(true) // ends at 0x6FFFFFFF
    expect(IsValidUsrPtr(0x6ffff000, 0x1000, W)).toBe(false) // ptr+size == 0x70000000: not < bound
    expect(IsValidUsrPtr(0x6fffffff, 0, W)).toBe(true)
    expect(IsValidUsrPtr(0x70000000, 0, W)).toBe(false)
    expect(IsValidUsrPtr(0x70000000, 0x10, W)).toBe(false)
    expect(IsValidUsrPtr(0x10000, 0x6fff0000, W)).toBe(false) // the sum hits the bound exactly
    expect(IsValidUsrPtr(0x10000, 0x6ffeffff, W)).toBe(true)
  })

  test('a read may cover the shared heap and the guard, up to ptr+size < 0x80000000', () => {
    expect(IsValidUsrPtr(0x6ffff000, 0x1000, R)).toBe(true)
    expect(IsValidUsrPtr(0x70000000, 0x10, R)).toBe(true)
    expect(IsValidUsrPtr(0x7ff00000, 0x10, R)).toBe(true) // the guard is still "user" by this rule
    expect(IsValidUsrPtr(0x7fffffff, 0, R)).toBe(true)
    expect(IsValidUsrPtr(0x7ffffffe, 1, R)).toBe(true)
    expect(IsValidUsrPtr(0x7fffffff, 1, R)).toBe(false) // sum == 0x80000000
    expect(IsValidUsrPtr(0x7ffff000, 0x1000, R)).toBe(false)
    expect(IsValidUsrPtr(0x7fffffff, 0x7fffffff, R)).toBe(false) // both non-negative ints, the sum does not wrap
  })

  test('any pointer at or above 0x80000000 is invalid ((int)ptr < 0)', () => {
    for (const p of [0x80000000, 0x80010000, 0xa0000000, 0xd0000000, 0xfffff000, 0xffffffff, -1]) {
      expect(IsValidUsrPtr(p, 0, R)).toBe(false)
      expect(IsValidUsrPtr(p, 1, W)).toBe(false)
    }
  })

  // An independent reference: C's int conversion written out as arithmetic on the DWORD value, and the sum taken
  // in BigInt so nothing can wrap by accident.
  const toInt32 = (x: number): number => {
    const u = ((x % 2 ** 32) + 2 ** 32) % 2 ** 32
    return u >= 2 ** 31 ? u - 2 ** 32 : u
  }
  const reference = (ptr: number, size: number, fWrite: boolean): boolean => {
    const bound = BigInt(fWrite ? 0x70000000 : 0x80000000)
    return toInt32(size) >= 0 && toInt32(ptr) >= 0x10000 && BigInt(toInt32(ptr)) + BigInt(toInt32(size)) < bound
  }
  const edgeU32 = fc.oneof(
    fc.constantFrom(0, 1, 0xffff, 0x10000, 0x6fffffff, 0x70000000, 0x7ff00000, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff),
    fc.integer({ min: 0, max: 0xffffffff }),
    fc.integer({ min: -16, max: 16 }).map((d) => (0x70000000 + d) >>> 0),
    fc.integer({ min: -16, max: 16 }).map((d) => (0x80000000 + d) >>> 0),
  )
  test('agrees with the C expression for any DWORD pair (property)', () => {
    fc.assert(
      fc.property(edgeU32, edgeU32, fc.boolean(), (ptr, size, w) => {
        expect(IsValidUsrPtr(ptr, size, w)).toBe(reference(ptr, size, w))
      }),
      { seed: Number(process.env.CEDK_SEED ?? 42), numRuns: Number(process.env.CEDK_RUNS ?? 100) * 5 },
    )
  })
})

describe('IsKModeAddr(a) = (int)a < 0', () => {
  test('the sign bit decides', () => {
    expect(IsKModeAddr(0)).toBe(false)
    expect(IsKModeAddr(0x7fffffff)).toBe(false)
    expect(IsKModeAddr(0x70000000)).toBe(false)
    expect(IsKModeAddr(0x80000000)).toBe(true)
    expect(IsKModeAddr(0xc0000000)).toBe(true)
    expect(IsKModeAddr(0xffffffff)).toBe(true)
    expect(IsKModeAddr(-1)).toBe(true)
  })
})
