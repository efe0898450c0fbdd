// clean: an Adler-32 engine for firmware images; exercises: embedded pointer in, no ForceDuplicate (one pass over the data), running state per handle, both modes
// adler.dll sums firmware chunks as an updater streams them. UPDATE takes { pChunk, cbChunk } and folds the chunk
// into the handle's running Adler-32; the chunk is opened without ForceDuplicate because each byte is read exactly
// once, so a caller changing it meanwhile changes only its own result. FINAL returns the sum and starts over.
import { AccessViolation, ARG_I_PTR, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_SUM_UPDATE = 0x0022d004
export const IOCTL_SUM_FINAL = 0x0022d008
export const MAX_CHUNK = 4096
const MOD_ADLER = 65521

interface Sum {
  a: number
  b: number
}

export default defineDriver('adler.dll', (ctx: DriverContext) => {
  const sums = new Map<number, Sum>()
  let next = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function update(s: Sum, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const pChunk = ctx.mem.readU32(pIn)
    const cbChunk = ctx.mem.readU32(offset(pIn, 4))
    if (cbChunk > MAX_CHUNK) return fail(ERROR_INVALID_PARAMETER)
    if (cbChunk === 0) return true
    const chunk = ctx.CeOpenCallerBuffer(pChunk, cbChunk, ARG_I_PTR, false)
    if (chunk.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
    try {
      let { a, b } = s
      for (let i = 0; i < cbChunk; i++) {
        a = (a + ctx.mem.readU8(offset(chunk.ptr, i))) % MOD_ADLER
        b = (b + a) % MOD_ADLER
      }
      s.a = a
      s.b = b
    } finally {
      ctx.CeCloseCallerBuffer(chunk.ptr, pChunk, cbChunk, ARG_I_PTR)
    }
    return true
  }

  function final(s: Sum, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    ctx.mem.writeU32(pOut, ((s.b << 16) | s.a) >>> 0)
    if (pActual) ctx.mem.writeU32(pActual, 4)
    s.a = 1
    s.b = 0
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => (sums.clear(), true),
    Open: () => (sums.set(next, { a: 1, b: 0 }), next++),
    Close: (hOpen: number) => sums.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      const s = sums.get(hOpen)
      if (!s) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_SUM_UPDATE) return update(s, pIn, nIn)
        if (code === IOCTL_SUM_FINAL) return final(s, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
