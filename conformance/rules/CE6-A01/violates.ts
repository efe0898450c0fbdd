// Keeps the caller's pointer and reads through it in a later call.
import { AccessViolation, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a01.dll', (ctx) => {
  let kept = 0 as ParamPtr
  let value = 0
  return {
    IOControl: (_h, code, pIn: ParamPtr) => {
      if (code === 1) kept = pIn
      else {
        try {
          value = ctx.mem.readU32(kept)
        } catch (e) {
          if (e instanceof AccessViolation) return false
          throw e
        }
      }
      return value >= 0
    },
  }
})
