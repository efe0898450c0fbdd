// Calls back into the caller's process.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('c01.dll', (ctx) => ({
  IOControl: async (_h, _code, pIn: ParamPtr) => (await ctx.CeDriverPerformCallback(ctx.mem.readU32(pIn), 1)) !== 0,
}))
