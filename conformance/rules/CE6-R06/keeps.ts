// Bounds the wait and fails the request on timeout.
import { ERROR_TIMEOUT } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r06.dll', (ctx) => {
  let ready = 0
  return {
    Init: () => ((ready = ctx.CreateEvent(true, false)) ? 1 : 0),
    IOControl: async () => {
      if ((await ctx.WaitForSingleObject(ready, 100)) === 0) return true
      ctx.SetLastError(ERROR_TIMEOUT)
      return false
    },
    Deinit: () => ctx.CloseHandle(ready) as boolean,
  }
})
