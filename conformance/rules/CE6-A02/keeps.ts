// Makes the asynchronous buffer, fills it, and frees it (which writes it back).
import { ARG_O_PTR, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a02.dll', (ctx) => ({
  IOControl: (_h, _code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
    const { hr, ptr } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
    if (hr !== 0) return false
    ctx.mem.fill(ptr, nOut, 1)
    return ctx.CeFreeAsynchronousBuffer(ptr, pOut, nOut, ARG_O_PTR) === 0
  },
}))
