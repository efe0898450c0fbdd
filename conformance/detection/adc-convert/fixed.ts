// adcconv.dll: an analog-to-digital converter. IOCTL_ADC_CONVERT takes { channel } (0-7) and returns { sample }. The
// conversion takes the converter 2 ms; a worker thread runs the queued requests and leaves each sample in its request
// record; the caller's thread, woken by the completion, writes it to the output buffer.
import { AccessViolation, ERROR_INVALID_PARAMETER, ERROR_TIMEOUT, INFINITE, WAIT_OBJECT_0, defineDriver, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_ADC_CONVERT = 0x80003818
const CHANNELS = 8
const CONVERSION_MS = 2
const REQUEST_TIMEOUT_MS = 50

interface Conversion {
  channel: number
  sample: number
  hDone: number
}

export default defineDriver('adcconv.dll', (ctx: DriverContext) => {
  const queue: Conversion[] = []
  let hWork = 0
  let hWorker = 0
  let stopping = false
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  /** The converter's reading: a fixed ramp per channel stands in for the analog front end. */
  const sampleOf = (channel: number): number => 0x100 * (channel + 1)

  async function worker(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hWork, INFINITE)
      for (let c = queue.shift(); c; c = queue.shift()) {
        await ctx.Sleep(CONVERSION_MS)
        c.sample = sampleOf(c.channel)
        ctx.SetEvent(c.hDone)
      }
    }
    return 0
  }

  async function convert(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): Promise<boolean> {
    if (!pIn || nIn < 4 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const channel = ctx.mem.readU32(pIn)
    if (channel >= CHANNELS) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, 0)
    const c: Conversion = { channel, sample: 0, hDone: ctx.CreateEvent(false, false) }
    if (!c.hDone) return false
    queue.push(c)
    ctx.SetEvent(hWork)
    const got = await ctx.WaitForSingleObject(c.hDone, REQUEST_TIMEOUT_MS)
    ctx.CloseHandle(c.hDone)
    if (got !== WAIT_OBJECT_0) return fail(ERROR_TIMEOUT)
    ctx.mem.writeU32(pOut, c.sample)
    return true
  }

  return {
    Init() {
      hWork = ctx.CreateEvent(false, false)
      hWorker = hWork ? ctx.CreateThread(worker, 0, { name: 'AdcWorker' }) : 0
      return hWorker ? 1 : 0
    },
    async Deinit() {
      stopping = true
      ctx.SetEvent(hWork)
      await ctx.WaitForSingleObject(hWorker, INFINITE)
      ctx.CloseHandle(hWorker)
      ctx.CloseHandle(hWork)
      return true
    },
    Open: () => 1,
    Close: () => true,
    async IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_ADC_CONVERT) return fail(ERROR_INVALID_PARAMETER)
      try {
        return await convert(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
