// Page protections: the access each grants, and which combinations VirtualAlloc/VirtualProtect accept.
import { describe, expect, test } from 'vitest'
import {
  ACCESS_READ,
  ACCESS_WRITE,
  PAGE_EXECUTE,
  PAGE_EXECUTE_READ,
  PAGE_EXECUTE_READWRITE,
  PAGE_GUARD,
  PAGE_NOACCESS,
  PAGE_NOCACHE,
  PAGE_PHYSICAL,
  PAGE_READONLY,
  PAGE_READWRITE,
  accessOf,
  isValidProtection,
} from '../../src/memory/protection.js'

const RW = ACCESS_READ | ACCESS_WRITE

describe('accessOf', () => {
  test.each([
    ['PAGE_NOACCESS', PAGE_NOACCESS, 0],
    ['PAGE_READONLY', PAGE_READONLY, ACCESS_READ],
    ['PAGE_READWRITE', PAGE_READWRITE, RW],
    ['PAGE_EXECUTE', PAGE_EXECUTE, 0],
    ['PAGE_EXECUTE_READ', PAGE_EXECUTE_READ, ACCESS_READ],
    ['PAGE_EXECUTE_READWRITE', PAGE_EXECUTE_READWRITE, RW],
  ])('%s grants %i', (_name, prot, access) => {
    expect(accessOf(prot)).toBe(access)
  })

  test('PAGE_GUARD grants nothing whatever the base protection', () => {
    expect(accessOf(PAGE_READWRITE | PAGE_GUARD)).toBe(0)
    expect(accessOf(PAGE_READONLY | PAGE_GUARD)).toBe(0)
    expect(accessOf(PAGE_EXECUTE_READWRITE | PAGE_GUARD)).toBe(0)
  })

  test('PAGE_NOCACHE and PAGE_PHYSICAL do not change the access', () => {
    expect(accessOf(PAGE_READWRITE | PAGE_NOCACHE)).toBe(RW)
    expect(accessOf(PAGE_READONLY | PAGE_NOCACHE)).toBe(ACCESS_READ)
    expect(accessOf(PAGE_READWRITE | PAGE_PHYSICAL)).toBe(RW)
  })

  test('no protection grants nothing', () => {
    expect(accessOf(0)).toBe(0)
  })
})

describe('isValidProtection: exactly one base protection, optional GUARD/NOCACHE/PHYSICAL', () => {
  test('each base protection alone is valid', () => {
    for (const p of [PAGE_NOACCESS, PAGE_READONLY, PAGE_READWRITE, PAGE_EXECUTE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE]) {
      expect(isValidProtection(p), `0x${p.toString(16)}`).toBe(true)
    }
  })

  test('modifiers are allowed on top of one base protection', () => {
    expect(isValidProtection(PAGE_READWRITE | PAGE_NOCACHE)).toBe(true)
    expect(isValidProtection(PAGE_READWRITE | PAGE_GUARD)).toBe(true)
    expect(isValidProtection(PAGE_READWRITE | PAGE_PHYSICAL | PAGE_NOCACHE)).toBe(true)
    expect(isValidProtection(PAGE_READONLY | PAGE_GUARD | PAGE_NOCACHE)).toBe(true)
  })

  test('no base protection, or two, is invalid', () => {
    expect(isValidProtection(0)).toBe(false)
    expect(isValidProtection(PAGE_GUARD)).toBe(false)
    expect(isValidProtection(PAGE_NOCACHE | PAGE_PHYSICAL)).toBe(false)
    expect(isValidProtection(PAGE_READONLY | PAGE_READWRITE)).toBe(false)
    expect(isValidProtection(PAGE_NOACCESS | PAGE_READONLY)).toBe(false)
    expect(isValidProtection(PAGE_EXECUTE | PAGE_EXECUTE_READ)).toBe(false)
  })

  test('unknown bits are invalid (PAGE_WRITECOPY 0x08, PAGE_EXECUTE_WRITECOPY 0x80, 0x800)', () => {
    expect(isValidProtection(0x08)).toBe(false)
    expect(isValidProtection(0x80)).toBe(false)
    expect(isValidProtection(PAGE_READWRITE | 0x800)).toBe(false)
    expect(isValidProtection(PAGE_READWRITE | 0x10000)).toBe(false)
  })
})
