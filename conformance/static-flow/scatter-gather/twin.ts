// sgcopy.dll: the gather half of a scatter-gather DMA helper. GATHER copies each segment of the caller's list into
// the output buffer, back to back, opening each
// segment for reading while it copies.
import { ARG_I_PTR, AccessViolation, FAILED, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import { IOCTL_SG_GATHER } from './ioctls.js'
import { readSegments, type Segment } from './sg-list.js'

export default defineDriver('sgcopy.dll', (ctx) => {
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function gather(segments: Segment[], pOut: ParamPtr): number | undefined {
    let at = 0
    for (const seg of segments) {
      const { hr, ptr } = ctx.CeOpenCallerBuffer(seg.data, seg.length, ARG_I_PTR, false)
      if (FAILED(hr)) return undefined
      ctx.mem.copy(offset(pOut, at), ptr, seg.length)
      ctx.CeCloseCallerBuffer(ptr, seg.data, seg.length, ARG_I_PTR)
      at += seg.length
    }
    return at
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) {
      if (code !== IOCTL_SG_GATHER) return fail(ERROR_INVALID_PARAMETER)
      try {
        const segments = readSegments(ctx, pIn, nIn)
        if (!segments) return fail(ERROR_INVALID_PARAMETER)
        if (segments.reduce((n, s) => n + s.length, 0) > nOut) return fail(ERROR_INSUFFICIENT_BUFFER)
        const copied = gather(segments, pOut)
        if (copied === undefined) return fail(ERROR_INVALID_PARAMETER)
        if (pActual) ctx.mem.writeU32(pActual, copied)
        return true
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
