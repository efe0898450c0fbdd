// Dereferences the embedded pointer as it is (works in kernel mode, faults in udevice).
import { offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('m01.dll', (ctx) => ({
  IOControl: (_h, _code, pIn: ParamPtr, _nIn, pOut: ParamPtr) => {
    const p = ctx.unsafePtr(ctx.mem.readU32(pIn))
    ctx.mem.writeU32(offset(pOut, 0), ctx.mem.readU32(p))
    return true
  },
}))
