// Opens the embedded pointer and forgets to close it.
import { ARG_I_PTR, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m04.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    const { hr, ptr } = ctx.CeOpenCallerBuffer(ctx.mem.readU32(pIn), 4, ARG_I_PTR, false)
    if (hr !== 0) return false
    ctx.mem.writeU32(pOut, ctx.mem.readU32(ptr))
    return true
  },
}))
