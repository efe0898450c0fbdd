// Reads its pointer parameter directly: the kernel has already checked it.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m07.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    ctx.mem.writeU32(pOut, ctx.mem.readU32(pIn))
    return true
  },
}))
