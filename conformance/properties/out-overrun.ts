// An out-buffer written past the length the caller gave: GET_INFO checks for a DWORD and writes 16 bytes.
import { ERROR_INSUFFICIENT_BUFFER } from '@cedk/kernel'
import { ioctl, struct, u32 } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const INFO = struct('INFO', { version: u32(), flags: u32(), size: u32(), reserved: u32() })
export const ioctls = [ioctl('GET_INFO', 0x222008, { out: INFO })] as const

const make = (minimum: number) =>
  ioctlDriver(minimum < INFO.size ? 'overrun.dll' : 'overrun-fixed.dll', (ctx) => ({
    IOControl(_h, _code, _pIn, _nIn, pOut, nOut) {
      if (!pOut || nOut < minimum) return ctx.SetLastError(ERROR_INSUFFICIENT_BUFFER), false
      ctx.mem.write(pOut, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0))
      return true
    },
  }))

export const buggy = make(4)
export const fixed = make(INFO.size)
