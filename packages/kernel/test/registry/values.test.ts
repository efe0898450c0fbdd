import { describe, test, expect } from 'vitest'
import {
  REG_BINARY,
  REG_DWORD,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_NONE,
  REG_SZ,
  decodeRegValue,
  encodeRegValue,
  normalizeRegPath,
  regTypeName,
  regValueProblem,
} from '../../src/registry/values.js'
import type { RegValue } from '../../src/registry/values.js'

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)

describe('regTypeName', () => {
  test('names the winnt.h types', () => {
    expect([REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ].map(regTypeName)).toEqual([
      'REG_NONE', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_BINARY', 'REG_DWORD', 'REG_MULTI_SZ',
    ])
    expect(regTypeName(11)).toBe('REG_QWORD')
    expect(regTypeName(99)).toBe('type 99')
  })
})

describe('encodeRegValue', () => {
  test('REG_SZ is UTF-16LE with a terminating NUL', () => {
    expect(encodeRegValue({ type: REG_SZ, data: 'Ab' })).toEqual(bytes(0x41, 0, 0x62, 0, 0, 0))
    expect(encodeRegValue({ type: REG_EXPAND_SZ, data: '€' })).toEqual(bytes(0xac, 0x20, 0, 0))
  })
  test('REG_DWORD is 4 little-endian bytes', () => {
    expect(encodeRegValue({ type: REG_DWORD, data: 0x12345678 })).toEqual(bytes(0x78, 0x56, 0x34, 0x12))
    expect(encodeRegValue({ type: REG_DWORD, data: 0xffffffff })).toEqual(bytes(255, 255, 255, 255))
  })
  test('REG_MULTI_SZ ends with a double NUL; an empty list is one NUL', () => {
    expect(encodeRegValue({ type: REG_MULTI_SZ, data: ['a', 'b'] })).toEqual(bytes(0x61, 0, 0, 0, 0x62, 0, 0, 0, 0, 0))
    expect(encodeRegValue({ type: REG_MULTI_SZ, data: [] })).toEqual(bytes(0, 0))
  })
  test('REG_BINARY is a copy of the data', () => {
    const data = bytes(1, 2, 3)
    const out = encodeRegValue({ type: REG_BINARY, data })
    expect(out).toEqual(data)
    out[0] = 9
    expect(data[0]).toBe(1)
  })
})

describe('decodeRegValue', () => {
  test('inverts encodeRegValue for every type', () => {
    const values: RegValue[] = [
      { type: REG_SZ, data: 'serial.dll' },
      { type: REG_EXPAND_SZ, data: '%windir%' },
      { type: REG_DWORD, data: 0x90000000 },
      { type: REG_MULTI_SZ, data: ['{A}', '{B}'] },
      { type: REG_MULTI_SZ, data: [] },
      { type: REG_BINARY, data: bytes(0, 1, 255) },
      { type: REG_NONE, data: bytes() },
      { type: REG_SZ, data: '\ud800x' }, // a lone surrogate survives
    ]
    for (const v of values) expect(decodeRegValue(v.type, encodeRegValue(v))).toEqual(v)
  })
  test('strings stop at the first NUL and tolerate a missing terminator', () => {
    expect(decodeRegValue(REG_SZ, bytes(0x61, 0, 0, 0, 0x62, 0))).toEqual({ type: REG_SZ, data: 'a' })
    expect(decodeRegValue(REG_SZ, bytes(0x61, 0))).toEqual({ type: REG_SZ, data: 'a' })
    expect(decodeRegValue(REG_SZ, bytes())).toEqual({ type: REG_SZ, data: '' })
    expect(decodeRegValue(REG_MULTI_SZ, bytes(0x61, 0, 0, 0, 0x62, 0))).toEqual({ type: REG_MULTI_SZ, data: ['a', 'b'] })
    expect(decodeRegValue(REG_MULTI_SZ, bytes(0x61, 0, 0, 0, 0, 0, 0x62, 0))).toEqual({ type: REG_MULTI_SZ, data: ['a'] })
    expect(decodeRegValue(REG_MULTI_SZ, bytes(0, 0, 0, 0))).toEqual({ type: REG_MULTI_SZ, data: [] })
  })
  test('rejects a dword that is not 4 bytes', () => {
    expect(() => decodeRegValue(REG_DWORD, bytes(1, 2, 3))).toThrow(new RangeError('REG_DWORD data must be 4 bytes, got 3'))
  })
  test('rejects UTF-16 text with an odd byte count', () => {
    expect(() => decodeRegValue(REG_MULTI_SZ, bytes(0x61, 0, 0))).toThrow(/REG_MULTI_SZ data is UTF-16 and needs an even byte count, got 3/)
    expect(() => decodeRegValue(REG_SZ, bytes(0x61))).toThrow(RangeError)
  })
  test('rejects types it does not simulate', () => {
    expect(() => decodeRegValue(11, bytes(0, 0, 0, 0, 0, 0, 0, 0))).toThrow(/unsupported registry value type REG_QWORD/)
  })
})

describe('regValueProblem', () => {
  test('accepts valid values and explains invalid ones', () => {
    expect(regValueProblem({ type: REG_DWORD, data: 0 })).toBeUndefined()
    expect(regValueProblem({ type: REG_DWORD, data: -1 })).toMatch(/integer 0\.\.0xFFFFFFFF, got -1/)
    expect(regValueProblem({ type: REG_DWORD, data: 1.5 })).toMatch(/got 1.5/)
    expect(regValueProblem({ type: REG_DWORD, data: 2 ** 32 })).toMatch(/0xFFFFFFFF/)
    expect(regValueProblem({ type: REG_SZ, data: 5 })).toBe('REG_SZ data must be a string')
    expect(regValueProblem({ type: REG_SZ, data: 'a\0b' })).toMatch(/NUL/)
    expect(regValueProblem({ type: REG_MULTI_SZ, data: ['a', ''] })).toMatch(/entry 1 is empty/)
    expect(regValueProblem({ type: REG_BINARY, data: [1, 2] })).toBe('REG_BINARY data must be a Uint8Array')
    expect(regValueProblem({ type: 6, data: '' })).toBe('unsupported value type 6')
    expect(regValueProblem(null)).toMatch(/object/)
  })
})

describe('normalizeRegPath', () => {
  test('expands aliases, defaults to HKLM and trims backslashes', () => {
    expect(normalizeRegPath('hklm\\Drivers')).toBe('HKEY_LOCAL_MACHINE\\Drivers')
    expect(normalizeRegPath('Drivers\\Active\\04')).toBe('HKEY_LOCAL_MACHINE\\Drivers\\Active\\04')
    expect(normalizeRegPath('\\HKCU\\Software\\')).toBe('HKEY_CURRENT_USER\\Software')
    expect(normalizeRegPath('HKCR')).toBe('HKEY_CLASSES_ROOT')
    expect(normalizeRegPath('hku\\x')).toBe('HKEY_USERS\\x')
    expect(normalizeRegPath('Hkey_Local_Machine\\a')).toBe('HKEY_LOCAL_MACHINE\\a')
  })
  test('rejects empty components and empty paths', () => {
    expect(() => normalizeRegPath('a\\\\b')).toThrow(RangeError)
    expect(() => normalizeRegPath('')).toThrow(RangeError)
    expect(() => normalizeRegPath('\\\\')).toThrow(RangeError)
  })
})
