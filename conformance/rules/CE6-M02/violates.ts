// Reads wherever the caller's pointer says, kernel memory included.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m02.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    ctx.mem.writeU32(pOut, ctx.mem.readU32(ctx.unsafePtr(ctx.mem.readU32(pIn))))
    return true
  },
}))
