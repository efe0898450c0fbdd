// fwflash.dll: staging of a firmware update. VERIFY opens the caller's image, checks its header in a helper, and
// sums the payload against the header's checksum.
import { ARG_I_PTR, AccessViolation, ERROR_INVALID_DATA, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'
import { FW_MAGIC, IOCTL_FW_VERIFY, MAX_IMAGE } from './ioctls.js'

const HEADER_BYTES = 12

export default defineDriver('fwflash.dll', (ctx) => {
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function headerValid(image: MarshalledPtr, length: number): boolean {
    return ctx.mem.readU32(image) === FW_MAGIC && ctx.mem.readU32(offset(image, 4)) === length
  }

  function checksum(image: MarshalledPtr, length: number): number {
    let sum = 0
    for (let i = HEADER_BYTES; i < length; i++) sum = (sum + ctx.mem.readU8(offset(image, i))) >>> 0
    return sum
  }

  function verify(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (nIn < 8 || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const pImage = ctx.mem.readU32(pIn)
    const length = ctx.mem.readU32(offset(pIn, 4))
    if (length < HEADER_BYTES || length > MAX_IMAGE) return fail(ERROR_INVALID_PARAMETER)
    const { hr, ptr } = ctx.CeOpenCallerBuffer(pImage, length, ARG_I_PTR, false)
    if (FAILED(hr)) return fail(ERROR_INVALID_PARAMETER)
    if (!headerValid(ptr, length)) return fail(ERROR_INVALID_DATA)
    const intact = checksum(ptr, length) === ctx.mem.readU32(offset(ptr, 8))
    ctx.CeCloseCallerBuffer(ptr, pImage, length, ARG_I_PTR)
    ctx.mem.writeU32(pOut, intact ? 1 : 0)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      try {
        return code === IOCTL_FW_VERIFY ? verify(pIn, nIn, pOut, nOut) : fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
