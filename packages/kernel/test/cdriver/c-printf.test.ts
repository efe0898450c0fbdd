// The printf C drivers' debug output uses (cdriver/c-printf.ts), on arguments given as a list: the conversions,
// flags, widths and precisions, the size modifiers and the wide/narrow rules of CE's wide formatting functions.
import { describe, expect, test } from 'vitest'
import { formatC, type CVarArgs } from '../../src/cdriver/c-printf.js'

/** Arguments in order; pointers index `strings` (narrow ones are kept apart to check which reader is asked). */
function args(list: (number | bigint)[], strings: Record<number, string> = {}): CVarArgs & { reads: string[] } {
  let i = 0
  const reads: string[] = []
  const take = () => {
    if (i >= list.length) throw new Error('read past the last argument')
    return list[i++]!
  }
  return {
    reads,
    i32: () => Number(take()) >>> 0,
    i64: () => BigInt.asUintN(64, BigInt(take())),
    f64: () => Number(take()),
    str: (p, wide, max) => {
      reads.push(wide ? 'wide' : 'narrow')
      return (strings[p] ?? '').slice(0, max)
    },
  }
}

describe('formatC', () => {
  test('integers: signed, unsigned, hex, octal, widths, zero padding, precision, flags', () => {
    expect(formatC('%d %i %u', args([-5, 7, -1]))).toBe('-5 7 4294967295')
    expect(formatC('[%5d|%-5d|%05d|%+d|% d]', args([42, 42, -42, 3, 3]))).toBe('[   42|42   |-0042|+3| 3]')
    expect(formatC('%x %X %#x %08X %o %#o', args([255, 255, 255, 0xbeef, 8, 8]))).toBe('ff FF 0xff 0000BEEF 10 010')
    expect(formatC('[%.3d|%.0d|%*d|%-*d|%.*d]', args([7, 0, 4, 1, 3, 2, 3, 9]))).toBe('[007||   1|2  |009]')
    expect(formatC('%hd %hu %hhx', args([0x18000, 0x1ffff, 0x1ff]))).toBe('-32768 65535 ff')
    expect(formatC('%I64d %lld %llx', args([-2n, 1n << 40n, 0xabcdef0123n]))).toBe('-2 1099511627776 abcdef0123')
  })

  test('wide format rules: %s %c wide, %S %C narrow, h and l/w force either; NULL is (null)', () => {
    // %C keeps the low byte of its int (0x157 → 'W'), %c the low 16 bits.
    const a = args([1, 2, 3, 4, 0, 0x157, 0x6e], { 1: 'wide', 2: 'narrow', 3: 'hs', 4: 'ls' })
    expect(formatC('%s %S %hs %ls %s %C%c', a)).toBe('wide narrow hs ls (null) Wn')
    expect(a.reads).toEqual(['wide', 'narrow', 'narrow', 'wide'])
    expect(formatC('[%-6s|%6s|%.2s]', args([1, 1, 1], { 1: 'abc' }))).toBe('[abc   |   abc|ab]')
  })

  test('%p, %f, %% and what it does not know', () => {
    expect(formatC('%p %%', args([0x1234]))).toBe('00001234 %')
    expect(formatC('%f %.1f %6.2f %+.0f', args([1.5, -0.25, 3.14159, 2]))).toBe('1.500000 -0.3   3.14 +2')
    // An unknown conversion is copied as written and no argument is read after it.
    expect(formatC('%d %q %d', args([1]))).toBe('1 %q %d')
    expect(formatC('trailing %', args([]))).toBe('trailing %')
  })
})
