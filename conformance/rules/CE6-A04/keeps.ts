// Frees (writes back) the asynchronous copy, then signals completion.
import { ARG_O_PTR, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a04.dll', (ctx) => ({
  IOControl: (_h, _code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
    const { hr, ptr } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
    if (hr !== 0) return false
    const done = ctx.CreateEvent(true, false, 'a04-done')
    ctx.mem.fill(ptr, nOut, 7)
    ctx.CeFreeAsynchronousBuffer(ptr, pOut, nOut, ARG_O_PTR)
    ctx.SetEvent(done)
    ctx.CloseHandle(done)
    return true
  },
}))
