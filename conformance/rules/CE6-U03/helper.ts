// A user-mode helper that reads a DWORD at the pointer its input holds (what the violating driver asks of it), or
// the DWORD its input holds (the flattened form).
import { defineDriver, type ParamPtr } from '@cedk/kernel'

export const helper = defineDriver('tsthelp.dll', (ctx) => ({
  Deref: (pIn: ParamPtr, _nIn: number, pOut: ParamPtr, _nOut: number, pRet: ParamPtr) => {
    ctx.mem.writeU32(pOut, ctx.mem.readU32(ctx.unsafePtr(ctx.mem.readU32(pIn))))
    ctx.mem.writeU32(pRet, 4)
    return true
  },
  Flat: (pIn: ParamPtr, _nIn: number, pOut: ParamPtr, _nOut: number, pRet: ParamPtr) => {
    ctx.mem.writeU32(pOut, ctx.mem.readU32(pIn))
    ctx.mem.writeU32(pRet, 4)
    return true
  },
}))
