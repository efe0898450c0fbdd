// Starts a worker in Init that waits for work forever; Deinit does not stop it.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r05.dll', (ctx) => {
  let work = 0
  let worker = 0
  return {
    Init: () => {
      work = ctx.CreateEvent(false, false)
      worker = ctx.CreateThread(async () => {
        for (;;) await ctx.WaitForSingleObject(work)
      })
      return 1
    },
    IOControl: () => ctx.SetEvent(work),
    Deinit: () => {
      ctx.CloseHandle(worker)
      ctx.CloseHandle(work)
      return true
    },
  }
})
