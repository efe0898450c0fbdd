// A double fetch that only matters under a race: COPY checks the length in the caller's buffer, then fetches it
// again to copy. Without a second thread both fetches agree; with one, the second is whatever it wrote.
import { ERROR_INVALID_PARAMETER, offset } from '@cedk/kernel'
import { bytes, ioctl, struct, u32 } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const COPY_IN = struct('COPY_IN', { cb: u32({ min: 0, max: 16 }), data: bytes(16) })
export const COPY_OUT = struct('COPY_OUT', { data: bytes(16) })
export const ioctls = [ioctl('COPY', 0x222000, { in: COPY_IN, out: COPY_OUT })] as const

const make = (fetchTwice: boolean) =>
  ioctlDriver(fetchTwice ? 'dfetch.dll' : 'dfetch-fixed.dll', (ctx) => ({
    IOControl(_h, _code, pIn, nIn, pOut, nOut) {
      if (nIn < COPY_IN.size || nOut < COPY_OUT.size) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      const cb = ctx.mem.readU32(pIn)
      if (cb > 16) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      const n = fetchTwice ? ctx.mem.readU32(pIn) : cb
      // The copy runs byte by byte, as a C loop would: a length past the buffer faults at the guard page.
      for (let i = 0; i < n; i++) ctx.mem.writeU8(offset(pOut, i), ctx.mem.readU8(offset(pIn, 4 + i)))
      return true
    },
  }))

export const buggy = make(true)
export const fixed = make(false)
