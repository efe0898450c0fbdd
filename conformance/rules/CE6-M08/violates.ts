// Answers GET_VERSION with a 16-byte VERSION_INFO after checking only that the out buffer holds a DWORD.
import { ERROR_INSUFFICIENT_BUFFER, offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m08.dll', (ctx) => ({
  IOControl: (_h, _code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
    if (!pOut || nOut < 4) return ctx.SetLastError(ERROR_INSUFFICIENT_BUFFER), false
    ctx.mem.writeU32(pOut, 0x00060000)
    ctx.mem.writeU32(offset(pOut, 4), 1)
    ctx.mem.writeU32(offset(pOut, 8), 16)
    ctx.mem.writeU32(offset(pOut, 12), 0)
    return true
  },
}))
