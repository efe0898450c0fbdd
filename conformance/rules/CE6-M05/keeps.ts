// Fetches the length once and uses that copy.
import { offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m05.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr, nOut) => {
    const n = ctx.mem.readU32(pIn)
    if (n > nOut) return false
    ctx.mem.write(pOut, ctx.mem.read(offset(pIn, 4), n))
    return true
  },
}))
