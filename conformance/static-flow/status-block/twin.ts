// gpsctl.dll: the control side of a GPS receiver. QUERY fills the status block the request points to; the block is
// opened with CeOpenCallerBuffer and handed to the function that reports the receiver's state.
import { ARG_O_PTR, AccessViolation, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'
import { IOCTL_GPS_QUERY, STATUS_BYTES } from './ioctls.js'

interface Receiver {
  fix: number
  satellites: number
  hdop: number
}

export default defineDriver('gpsctl.dll', (ctx) => {
  const rx: Receiver = { fix: 3, satellites: 9, hdop: 120 }
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function reportStatus(block: MarshalledPtr, r: Receiver): void {
    ctx.mem.writeU32(block, r.fix)
    ctx.mem.writeU32(offset(block, 4), r.satellites)
    ctx.mem.writeU32(offset(block, 8), r.hdop)
  }

  function query(pIn: ParamPtr, nIn: number): boolean {
    if (nIn < 4) return fail(ERROR_INVALID_PARAMETER)
    const pStatus = ctx.mem.readU32(pIn)
    const { hr, ptr } = ctx.CeOpenCallerBuffer(pStatus, STATUS_BYTES, ARG_O_PTR, false)
    if (FAILED(hr)) return fail(ERROR_INVALID_PARAMETER)
    try {
      reportStatus(ptr, rx)
    } finally {
      ctx.CeCloseCallerBuffer(ptr, pStatus, STATUS_BYTES, ARG_O_PTR)
    }
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number) {
      try {
        return code === IOCTL_GPS_QUERY ? query(pIn, nIn) : fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
