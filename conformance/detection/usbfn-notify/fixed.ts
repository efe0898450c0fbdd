// usbfnctl.dll: a USB function controller's control device. IOCTL_USBFN_START { callbackId, context } starts the
// controller; the caller learns of attach and detach by polling IOCTL_USBFN_GET_STATE ({ attached, configured }):
// a driver that may run in udevice calls no routine of another process. The callback fields are kept for source
// compatibility and ignored.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_USBFN_START = 0x80006044
export const IOCTL_USBFN_GET_STATE = 0x80006048

export default defineDriver('usbfnctl.dll', (ctx: DriverContext) => {
  const state = { started: false, attached: false, configured: false, context: 0 }
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function start(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    state.context = ctx.mem.readU32(offset(pIn, 4))
    state.started = true
    return true
  }

  function getState(pOut: ParamPtr, nOut: number): boolean {
    if (!pOut || nOut < 8) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, state.attached ? 1 : 0)
    ctx.mem.writeU32(offset(pOut, 4), state.configured ? 1 : 0)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      try {
        if (code === IOCTL_USBFN_START) return start(pIn, nIn)
        if (code === IOCTL_USBFN_GET_STATE) return getState(pOut, nOut)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
