// Frees it in Deinit.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r04.dll', (ctx) => {
  let state = 0
  return {
    Init: () => ((state = ctx.LocalAlloc(0, 64)) ? 1 : 0),
    IOControl: () => true,
    Deinit: () => (ctx.LocalFree(state), true),
  }
})
