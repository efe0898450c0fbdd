// A length check that overflows past 2^32: `offset + count <= 64` in 32-bit arithmetic lets offset 1 and count
// 0xFFFFFFFF through. Only values far outside the described ranges reach it.
import { ERROR_INVALID_PARAMETER, offset as at } from '@cedk/kernel'
import { bytes, ioctl, struct, u32 } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const RANGE = struct('RANGE', { offset: u32({ min: 0, max: 64 }), count: u32({ min: 0, max: 64 }) })
export const TABLE = struct('TABLE', { data: bytes(64) })
export const ioctls = [ioctl('READ_TABLE', 0x222004, { in: RANGE, out: TABLE })] as const

const make = (wraps: boolean) =>
  ioctlDriver(wraps ? 'overflow.dll' : 'overflow-fixed.dll', (ctx) => ({
    IOControl(_h, _code, pIn, nIn, pOut, nOut) {
      if (nIn < RANGE.size || nOut < TABLE.size) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      const off = ctx.mem.readU32(pIn)
      const count = ctx.mem.readU32(at(pIn, 4))
      const ok = wraps ? ((off + count) >>> 0) <= 64 : off <= 64 && count <= 64 - off
      if (!ok) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      for (let i = 0; i < count; i++) ctx.mem.writeU8(at(pOut, i), (off + i) & 0xff)
      return true
    },
  }))

export const buggy = make(true)
export const fixed = make(false)
