// A divergence that only shows in udevice mode: ECHO works on the caller's input buffer in place before copying it
// out. In the kernel the input is the caller's writable page; behind the reflector it is mapped read-only, the
// write faults, and the driver's __try turns that into an error the kernel-mode run never gives.
import { AccessViolation, ERROR_INVALID_PARAMETER } from '@cedk/kernel'
import { ioctl, struct, u32 } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const WORD = struct('WORD', { v: u32() })
export const ioctls = [ioctl('ECHO', 0x22201c, { in: WORD, out: WORD })] as const

const make = (inPlace: boolean) =>
  ioctlDriver(inPlace ? 'echo-inplace.dll' : 'echo-fixed.dll', (ctx) => ({
    IOControl(_h, _code, pIn, nIn, pOut, nOut) {
      if (nIn < 4 || nOut < 4) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      try {
        const v = (ctx.mem.readU32(pIn) ^ 0xffffffff) >>> 0
        if (inPlace) ctx.mem.writeU32(pIn, v)
        ctx.mem.writeU32(pOut, inPlace ? ctx.mem.readU32(pIn) : v)
        return true
      } catch (e) {
        if (e instanceof AccessViolation) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
        throw e
      }
    },
  }))

export const buggy = make(true)
export const fixed = make(false)
