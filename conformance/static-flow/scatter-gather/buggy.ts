// sgcopy.dll: the gather half of a scatter-gather DMA helper. GATHER copies each segment of the caller's list into
// the output buffer, back to back.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import { IOCTL_SG_GATHER } from './ioctls.js'
import { readSegments, type Segment } from './sg-list.js'

export default defineDriver('sgcopy.dll', (ctx) => {
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function gather(segments: Segment[], pOut: ParamPtr): number {
    let at = 0
    for (const seg of segments) {
      ctx.mem.copy(offset(pOut, at), ctx.unsafePtr(seg.data), seg.length)
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
        if (pActual) ctx.mem.writeU32(pActual, copied)
        return true
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
