// A crash on a hostile pointer: SEND marshals its embedded data pointer but never looks at the HRESULT, so a NULL
// or kernel pointer leaves it dereferencing nothing.
import { ARG_I_PTR, ERROR_INVALID_PARAMETER, FAILED, offset } from '@cedk/kernel'
import { buffer, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const SEND = struct('SEND', { data: ptr(buffer(64), { dir: 'in', len: 'cb' }), cb: u32({ min: 1, max: 64 }) })
export const SUM = struct('SUM', { sum: u32() })
export const ioctls = [ioctl('SEND', 0x222020, { in: SEND, out: SUM })] as const

const make = (checksHr: boolean) =>
  ioctlDriver(checksHr ? 'send-fixed.dll' : 'send.dll', (ctx) => ({
    IOControl(_h, _code, pIn, nIn, pOut, nOut) {
      if (!pIn || nIn < SEND.size || !pOut || nOut < SUM.size) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      const raw = ctx.mem.readU32(pIn)
      const cb = ctx.mem.readU32(offset(pIn, 4))
      if (cb > 64) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      const { hr, ptr: data } = ctx.CeOpenCallerBuffer(raw, cb, ARG_I_PTR, true)
      if (checksHr && FAILED(hr)) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
      const sum = ctx.mem.read(data, cb).reduce((a, b) => a + b, 0)
      ctx.CeCloseCallerBuffer(data, raw, cb, ARG_I_PTR)
      ctx.mem.writeU32(pOut, sum)
      return true
    },
  }))

export const buggy = make(false)
export const fixed = make(true)
