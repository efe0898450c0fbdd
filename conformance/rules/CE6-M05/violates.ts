// Checks the length in the caller's buffer, then reads it there again to use it.
import { offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m05.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr, nOut) => {
    if (ctx.mem.readU32(pIn) > nOut) return false
    ctx.mem.write(pOut, ctx.mem.read(offset(pIn, 4), ctx.mem.readU32(pIn)))
    return true
  },
}))
