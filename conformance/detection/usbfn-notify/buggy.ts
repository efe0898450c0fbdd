// usbfnctl.dll: a USB function controller's control device. IOCTL_USBFN_START { callbackId, context } starts the
// controller; when the caller passes a callback (mapped with CeDriverMapCallbackFunction) the driver tells it at
// once whether a host is attached, as it will on every later attach or detach. IOCTL_USBFN_GET_STATE returns
// { attached, configured }.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_USBFN_START = 0x80006044
export const IOCTL_USBFN_GET_STATE = 0x80006048

interface Listener {
  callbackId: number
  context: number
}

export default defineDriver('usbfnctl.dll', (ctx: DriverContext) => {
  const state = { started: false, attached: false, configured: false }
  let listener: Listener | null = null
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  async function notify(l: Listener): Promise<void> {
    await ctx.CeDriverPerformCallback(l.callbackId, (state.attached ? 1 : 0) | (l.context << 1))
  }

  async function start(pIn: ParamPtr, nIn: number): Promise<boolean> {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const l: Listener = { callbackId: ctx.mem.readU32(pIn), context: ctx.mem.readU32(offset(pIn, 4)) }
    state.started = true
    listener = l.callbackId ? l : null
    if (listener) await notify(listener)
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
    async IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      try {
        if (code === IOCTL_USBFN_START) return await start(pIn, nIn)
        if (code === IOCTL_USBFN_GET_STATE) return getState(pOut, nOut)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
