// Decodes the record into the output buffer: the input stays as the caller sent it.
import { offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p07.dll', (ctx) => ({
  IOControl: (_h: number, _code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) => {
    if (!pIn || !pOut || nOut < nIn) return false
    for (let i = 0; i < nIn; i++) ctx.mem.writeU8(offset(pOut, i), ctx.mem.readU8(offset(pIn, i)) ^ 0x5a)
    return true
  },
}))
