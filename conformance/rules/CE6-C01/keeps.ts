// Reports completion through the output buffer instead.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('c01.dll', (ctx) => ({
  IOControl: (_h, _code, _pIn, _nIn, pOut: ParamPtr) => {
    ctx.mem.writeU32(pOut, 1)
    return true
  },
}))
