// Returns its result through the output buffer.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m03.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    ctx.mem.writeU32(pOut, ctx.mem.readU32(pIn) + 1)
    return true
  },
}))
