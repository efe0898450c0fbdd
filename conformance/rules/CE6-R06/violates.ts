// Waits, without a timeout, for an event nobody sets.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r06.dll', (ctx) => {
  let ready = 0
  return {
    Init: () => ((ready = ctx.CreateEvent(true, false)) ? 1 : 0),
    IOControl: async () => (await ctx.WaitForSingleObject(ready)) === 0,
    Deinit: () => ctx.CloseHandle(ready) as boolean,
  }
})
