// tempsens.dll: a temperature sensor with a short history of calibrated samples. IOCTL_SENSOR_READ_HISTORY copies
// the latest samples (16-bit tenths of a degree) into an array the caller names by pointer and size in the request,
// and returns how many it copied. The array is opened with CeOpenCallerBuffer for the copy.
import { ARG_O_PTR, AccessViolation, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'

export const IOCTL_SENSOR_READ_HISTORY = 0x80002404
const HISTORY = [215, 217, 216, 220, 224, 223, 221, 219]

interface HistoryRequest {
  pSamples: number
  cbSamples: number
}

export default defineDriver('tempsens.dll', (ctx: DriverContext) => {
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function readRequest(pIn: ParamPtr, nIn: number): HistoryRequest | null {
    if (!pIn || nIn < 8) return null
    return { pSamples: ctx.mem.readU32(pIn), cbSamples: ctx.mem.readU32(offset(pIn, 4)) }
  }

  function copyHistory(dst: Ptr, count: number): void {
    const first = HISTORY.length - count
    for (let i = 0; i < count; i++) ctx.mem.writeU16(offset(dst, i * 2), HISTORY[first + i]!)
  }

  function readHistory(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    const req = readRequest(pIn, nIn)
    if (!req || !req.pSamples || req.cbSamples < 2 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const count = Math.min(HISTORY.length, req.cbSamples >>> 1)
    const samples = ctx.CeOpenCallerBuffer(req.pSamples, req.cbSamples, ARG_O_PTR, false)
    if (FAILED(samples.hr)) return fail(ERROR_INVALID_PARAMETER)
    try {
      copyHistory(samples.ptr, count)
    } finally {
      ctx.CeCloseCallerBuffer(samples.ptr, req.pSamples, req.cbSamples, ARG_O_PTR)
    }
    ctx.mem.writeU32(pOut, count)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_SENSOR_READ_HISTORY) return fail(ERROR_INVALID_PARAMETER)
      try {
        return readHistory(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
