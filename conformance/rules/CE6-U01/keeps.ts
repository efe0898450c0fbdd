// Shows it through the companion user-mode DLL.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('u01.dll', (ctx) => ({
  IOControl: async () => {
    const buf = ctx.LocalAlloc(0, 8)
    await ctx.CeCallUserProc('tstui.dll', 'ShowError', buf, 4, buf, 4, buf)
    ctx.LocalFree(buf)
    return false
  },
}))
