// Opens the embedded pointer with CeOpenCallerBuffer and closes it before returning.
import { ARG_I_PTR, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m04.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    const src = ctx.mem.readU32(pIn)
    const { hr, ptr } = ctx.CeOpenCallerBuffer(src, 4, ARG_I_PTR, false)
    if (hr !== 0) return false
    ctx.mem.writeU32(pOut, ctx.mem.readU32(ptr))
    ctx.CeCloseCallerBuffer(ptr, src, 4, ARG_I_PTR)
    return true
  },
}))
