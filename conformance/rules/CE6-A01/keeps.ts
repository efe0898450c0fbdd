// Copies the value during the call that gave it.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a01.dll', (ctx) => {
  let kept = 0
  let value = 0
  return {
    IOControl: (_h, code, pIn: ParamPtr) => {
      if (code === 1) kept = ctx.mem.readU32(pIn)
      else value = kept
      return value >= 0
    },
  }
})
