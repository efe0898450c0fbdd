// A state-machine bug only a model finds: a two-slot FIFO whose ring index wraps at the wrong place, so the third
// value pushed (after a pop) comes back as a stale one. No single call is wrong on its own.
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_NOT_FOUND, offset } from '@cedk/kernel'
import { ioctl, struct, u32, type DriverModel } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const VALUE = struct('VALUE', { v: u32({ min: 0, max: 9 }) })
export const ioctls = [ioctl('PUSH', 0x222010, { in: VALUE }), ioctl('POP', 0x222014, { out: VALUE }), ioctl('COUNT', 0x222018, { out: VALUE })] as const

const CAPACITY = 2

const make = (wrapAt: number) =>
  ioctlDriver(wrapAt === CAPACITY ? 'queue-fixed.dll' : 'queue.dll', (ctx) => {
    const slots = new Array<number>(CAPACITY + 1).fill(0)
    let head = 0
    let count = 0
    const out = (pOut: Parameters<typeof ctx.mem.writeU32>[0], nOut: number, v: number): boolean => {
      if (nOut < 4) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      ctx.mem.writeU32(pOut, v)
      return true
    }
    return {
      IOControl(_h, code, pIn, nIn, pOut, nOut) {
        if (code === 0x222010) {
          if (nIn < 4) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
          if (count === CAPACITY) return ctx.SetLastError(ERROR_INSUFFICIENT_BUFFER), false
          slots[(head + count) % wrapAt] = ctx.mem.readU32(offset(pIn, 0))
          count++
          return true
        }
        if (code === 0x222014) {
          if (count === 0) return ctx.SetLastError(ERROR_NOT_FOUND), false
          const v = slots[head]!
          if (!out(pOut, nOut, v)) return false
          head = (head + 1) % CAPACITY
          count--
          return true
        }
        return out(pOut, nOut, count)
      },
    }
  })

export const buggy = make(CAPACITY + 1)
export const fixed = make(CAPACITY)

/** The model: a plain array. */
export const model: DriverModel<typeof ioctls, number[]> = {
  initial: () => [],
  ioctls: {
    PUSH: (q, input) => (q.length === CAPACITY ? { ok: false, lastError: ERROR_INSUFFICIENT_BUFFER } : (q.push(input.v), { ok: true })),
    POP: (q) => (q.length === 0 ? { ok: false, lastError: ERROR_NOT_FOUND } : { ok: true, output: { v: q.shift()! } }),
    COUNT: (q) => ({ ok: true, output: { v: q.length } }),
  },
}
