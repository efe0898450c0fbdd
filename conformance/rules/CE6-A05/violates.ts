// Switches to kernel mode the CE5 way before touching the buffer.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a05.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    const old = ctx.SetKMode(1)
    ctx.mem.writeU32(pOut, ctx.mem.readU32(pIn))
    ctx.SetKMode(old)
    return true
  },
}))
