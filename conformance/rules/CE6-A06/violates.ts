// Writes the parameter's asynchronous buffer after the call returned (unmapped in user mode).
import { ARG_O_PTR, AccessViolation, type AsyncPtr, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a06.dll', (ctx) => {
  let buf = { ptr: 0 as AsyncPtr, src: 0 as ParamPtr, n: 0 }
  return {
    IOControl: (_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
      if (code === 1) {
        const { hr, ptr } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
        buf = { ptr, src: pOut, n: nOut }
        return hr === 0
      }
      try {
        ctx.mem.fill(buf.ptr, buf.n, 1)
      } catch (e) {
        if (!(e instanceof AccessViolation)) throw e
      }
      ctx.CeFreeAsynchronousBuffer(buf.ptr, buf.src, buf.n, ARG_O_PTR)
      return true
    },
  }
})
