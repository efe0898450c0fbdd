// A queue served by one worker thread of the driver's own: callers enqueue and return, the worker completes later.
// Both variants use it; they differ only in where the worker finds the data and puts the result.
import { INFINITE, type DriverContext } from '@cedk/kernel'

export interface WorkQueue<T> {
  push(job: T): void
  /** Drop the queued jobs that `match` selects (a closing handle's); returns them so their owner can release them. */
  drop(match: (job: T) => boolean): T[]
  /** End the worker; resolves when it has returned. */
  stop(): Promise<void>
}

export function startWorkQueue<T>(ctx: DriverContext, serve: (job: T) => Promise<void>): WorkQueue<T> | null {
  const jobs: T[] = []
  let stopping = false
  const hWork = ctx.CreateEvent(false, false)
  if (!hWork) return null
  const hThread = ctx.CreateThread(async () => {
    while (!stopping) {
      await ctx.WaitForSingleObject(hWork, INFINITE)
      for (let job = jobs.shift(); job !== undefined && !stopping; job = jobs.shift()) await serve(job)
    }
    return 0
  }, 0, { name: 'crc-worker' })
  if (!hThread) {
    ctx.CloseHandle(hWork)
    return null
  }
  return {
    push(job) {
      jobs.push(job)
      ctx.SetEvent(hWork)
    },
    drop(match) {
      const dropped = jobs.filter(match)
      jobs.splice(0, jobs.length, ...jobs.filter((j) => !match(j)))
      return dropped
    },
    async stop() {
      stopping = true
      ctx.SetEvent(hWork)
      await ctx.WaitForSingleObject(hThread, 1000)
      ctx.CloseHandle(hThread)
      ctx.CloseHandle(hWork)
    },
  }
}
