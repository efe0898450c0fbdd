// Puts the data itself in the in buffer.
import { offset } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('u03.dll', (ctx) => ({
  IOControl: async () => {
    const buf = ctx.LocalAlloc(0, 16)
    ctx.mem.writeU32(buf, 99)
    const ok = await ctx.CeCallUserProc('tsthelp.dll', 'Flat', buf, 4, offset(buf, 8), 4, offset(buf, 12))
    ctx.LocalFree(buf)
    return ok
  },
}))
