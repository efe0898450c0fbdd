// Small helpers shared by the memory tests (not a test file itself).
import { expect } from 'vitest'
import { ApiError } from '../../src/errors/api-error.js'
import { AccessViolation } from '../../src/errors/exceptions.js'

/** Run `fn` and return the Win32 code of the ApiError it throws (fails the test if it throws nothing else). */
export function apiErrorOf(fn: () => unknown): number {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    return (e as ApiError).code
  }
  throw new Error('expected an ApiError, nothing was thrown')
}

/** Run `fn` and return the AccessViolation it throws. */
export function violationOf(fn: () => unknown): AccessViolation {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AccessViolation)
    return e as AccessViolation
  }
  throw new Error('expected an AccessViolation, nothing was thrown')
}

/** A deterministic byte pattern: byte i of a buffer made from `seed`. */
export function pattern(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = (seed * 131 + i * 29 + (i >>> 8) * 7) & 0xff
  return b
}
