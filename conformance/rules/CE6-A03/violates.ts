// Closes the caller buffer before freeing the asynchronous buffer made from it.
import { ARG_IO_PTR, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a03.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr) => {
    const src = ctx.mem.readU32(pIn)
    const open = ctx.CeOpenCallerBuffer(src, 16, ARG_IO_PTR, false)
    if (open.hr !== 0) return false
    const as = ctx.CeAllocAsynchronousBuffer(open.ptr, 16, ARG_IO_PTR)
    ctx.CeCloseCallerBuffer(open.ptr, src, 16, ARG_IO_PTR)
    if (as.hr === 0) ctx.CeFreeAsynchronousBuffer(as.ptr, open.ptr, 16, ARG_IO_PTR)
    return true
  },
}))
