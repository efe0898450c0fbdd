// Decodes the record in place, as its CE5 version did: makes the input page writable first, then copies it out.
import { PAGE_READWRITE, offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p07.dll', (ctx) => {
  const decodeInPlace = (p: ParamPtr, n: number): boolean => {
    if (!ctx.VirtualProtect(p, n, PAGE_READWRITE)) return false
    for (let i = 0; i < n; i++) ctx.mem.writeU8(offset(p, i), ctx.mem.readU8(offset(p, i)) ^ 0x5a)
    return true
  }
  return {
    IOControl: (_h: number, _code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) => {
      if (!pIn || !pOut || nOut < nIn) return false
      if (!decodeInPlace(pIn, nIn)) return false
      ctx.mem.copy(pOut, pIn, nIn)
      return true
    },
  }
})
