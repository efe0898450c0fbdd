// "Maps" its pointer parameter with the CE5 API before reading it.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m07.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, nIn, pOut: ParamPtr) => {
    const p = ctx.MapCallerPtr(pIn, nIn)
    ctx.mem.writeU32(pOut, ctx.mem.readU32(p))
    return true
  },
}))
