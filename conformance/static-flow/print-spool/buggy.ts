// lpspool.dll: a line-printer port with a spooler. WriteFile queues the job and returns; the spool thread sends
// queued jobs to the printer's data register one byte at a time.
import { ERROR_INVALID_PARAMETER, INFINITE, defineDriver, offset, type ParamPtr } from '@cedk/kernel'

interface PrintJob {
  data: ParamPtr
  length: number
}

const MAX_JOB = 128

export default defineDriver('lpspool.dll', (ctx) => {
  const jobs: PrintJob[] = []
  const printed: number[] = []
  let hJobs = 0
  let hSpooler = 0
  let stopping = false

  function send(job: PrintJob): void {
    for (let i = 0; i < job.length; i++) printed.push(ctx.mem.readU8(offset(job.data, i)))
  }

  async function spool(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hJobs, INFINITE)
      for (let job = jobs.shift(); job; job = jobs.shift()) send(job)
    }
    return 0
  }

  return {
    Init() {
      hJobs = ctx.CreateEvent(false, false)
      hSpooler = ctx.CreateThread(spool, 0, { name: 'spooler' })
      return hSpooler ? 1 : 0
    },
    async Deinit() {
      stopping = true
      ctx.SetEvent(hJobs)
      await ctx.WaitForSingleObject(hSpooler, INFINITE)
      ctx.CloseHandle(hSpooler)
      ctx.CloseHandle(hJobs)
      return true
    },
    Open: () => 1,
    Close: () => true,
    Write(_hOpen: number, pBuffer: ParamPtr, nBytes: number) {
      if (nBytes === 0 || nBytes > MAX_JOB) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), -1)
      jobs.push({ data: pBuffer, length: nBytes })
      ctx.SetEvent(hJobs)
      return nBytes
    },
  }
})
