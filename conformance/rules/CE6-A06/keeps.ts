// Fills the output during the call that gave it (the exchange is synchronous).
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a06.dll', (ctx) => ({
  IOControl: (_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
    if (code === 1) ctx.mem.fill(pOut, nOut, 1)
    return true
  },
}))
