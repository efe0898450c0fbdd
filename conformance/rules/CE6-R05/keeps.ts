// Deinit tells the worker to stop and waits for it.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r05.dll', (ctx) => {
  let work = 0
  let worker = 0
  let stop = false
  return {
    Init: () => {
      work = ctx.CreateEvent(false, false)
      worker = ctx.CreateThread(async () => {
        while (!stop) await ctx.WaitForSingleObject(work)
        return 0
      })
      return 1
    },
    IOControl: () => ctx.SetEvent(work),
    Deinit: async () => {
      stop = true
      ctx.SetEvent(work)
      await ctx.WaitForSingleObject(worker)
      ctx.CloseHandle(worker)
      ctx.CloseHandle(work)
      return true
    },
  }
})
