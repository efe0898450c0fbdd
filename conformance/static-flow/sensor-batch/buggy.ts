// accelbat.dll: a 3-axis accelerometer with a sample FIFO. READ_BATCH drains `count` samples into the array the
// request points to; the request is parsed by the shared module, the samples written by the driver.
import { AccessViolation, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, defineDriver, type DriverContext, type ParamPtr } from '@cedk/kernel'
import { parseBatchRequest, type BatchRequest } from './batch-request.js'
import { IOCTL_ACCEL_READ_BATCH } from './ioctls.js'

interface Fifo {
  next: number
}

export default defineDriver('accelbat.dll', (ctx: DriverContext) => {
  const opens = new Map<number, Fifo>()
  let nextOpen = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  /** The simulated FIFO: x, y, z packed as 10-bit fields. */
  const sample = (f: Fifo): number => {
    const n = f.next++
    return ((n & 0x3ff) << 20) | (((n * 3) & 0x3ff) << 10) | ((n * 7) & 0x3ff)
  }

  function drain(f: Fifo, req: BatchRequest): void {
    const samples = ctx.unsafePtr(req.pSamples)
    for (let i = 0; i < req.count; i++) ctx.mem.writeU32(ctx.unsafePtr(samples + 4 * i), sample(f))
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => {
      opens.set(nextOpen, { next: 0 })
      return nextOpen++
    },
    Close: (hOpen: number) => opens.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number) {
      const f = opens.get(hOpen)
      if (!f) return fail(ERROR_INVALID_HANDLE)
      if (code !== IOCTL_ACCEL_READ_BATCH) return fail(ERROR_INVALID_PARAMETER)
      try {
        const req = parseBatchRequest(ctx, pIn, nIn)
        if (!req) return fail(ERROR_INVALID_PARAMETER)
        drain(f, req)
        return true
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
