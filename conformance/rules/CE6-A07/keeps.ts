// Cancels the pending request when its caller's handle closes (Close runs at process exit too).
import { ARG_O_PTR, type AsyncPtr, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a07.dll', (ctx) => {
  let buf: { ptr: AsyncPtr; src: ParamPtr; n: number; open: number } | null = null
  let opens = 0
  return {
    Open: () => ++opens,
    IOControl: (hOpen, code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
      if (code === 1) {
        const { hr, ptr } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
        if (hr === 0) buf = { ptr, src: pOut, n: nOut, open: hOpen }
      } else if (buf) {
        ctx.mem.fill(buf.ptr, buf.n, 1)
        ctx.CeFreeAsynchronousBuffer(buf.ptr, buf.src, buf.n, ARG_O_PTR)
        buf = null
      }
      return true
    },
    Close: (hOpen) => {
      if (buf && buf.open === hOpen) {
        ctx.CeFreeAsynchronousBuffer(buf.ptr, buf.src, buf.n, ARG_O_PTR)
        buf = null
      }
      return true
    },
  }
})
