// Completes a request of a caller that has exited.
import { ARG_O_PTR, AccessViolation, type AsyncPtr, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a07.dll', (ctx) => {
  let buf: { ptr: AsyncPtr; src: ParamPtr; n: number } | null = null
  const finish = (write: boolean): void => {
    if (!buf) return
    try {
      if (write) ctx.mem.fill(buf.ptr, buf.n, 1)
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
    }
    ctx.CeFreeAsynchronousBuffer(buf.ptr, buf.src, buf.n, ARG_O_PTR)
    buf = null
  }
  return {
    IOControl: (_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
      if (code === 1) {
        const { hr, ptr } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
        if (hr === 0) buf = { ptr, src: pOut, n: nOut }
      } else finish(true)
      return true
    },
    Deinit: () => (finish(false), true),
  }
})
