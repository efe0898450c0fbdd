// Passes the helper a pointer to its data inside the in buffer.
import { offset } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('u03.dll', (ctx) => ({
  IOControl: async () => {
    const buf = ctx.LocalAlloc(0, 16)
    ctx.mem.writeU32(offset(buf, 4), 99)
    ctx.mem.writeU32(buf, offset(buf, 4))
    const ok = await ctx.CeCallUserProc('tsthelp.dll', 'Deref', buf, 4, offset(buf, 8), 4, offset(buf, 12))
    ctx.LocalFree(buf)
    return ok
  },
}))
