// CeOpenCallerBuffer access-checks the pointer and refuses the kernel address: ERROR_INVALID_PARAMETER.
import { ARG_I_PTR, ERROR_INVALID_PARAMETER, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m02.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    const src = ctx.mem.readU32(pIn)
    const { hr, ptr } = ctx.CeOpenCallerBuffer(src, 4, ARG_I_PTR, false)
    if (hr !== 0) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }
    ctx.mem.writeU32(pOut, ctx.mem.readU32(ptr))
    ctx.CeCloseCallerBuffer(ptr, src, 4, ARG_I_PTR)
    return true
  },
}))
