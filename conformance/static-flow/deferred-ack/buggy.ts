// modemctl.dll: power and reset control of a cellular modem. RESET pulses the reset line and reports the status
// the modem gives once it has settled; the settle wait runs on a thread of its own so the call returns at once.
import { ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { IOCTL_MODEM_RESET, RESET_SETTLE_MS } from './ioctls.js'

const STATUS_READY = 0x52454459

export default defineDriver('modemctl.dll', (ctx) => {
  let resets = 0
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen: number, code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number) {
      if (code !== IOCTL_MODEM_RESET || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
      resets++
      const hSettle = ctx.CreateThread(async () => {
        await ctx.Sleep(RESET_SETTLE_MS)
        ctx.mem.writeU32(pOut, STATUS_READY | (resets & 0xff))
        return 0
      }, 0, { name: 'modem-settle' })
      if (!hSettle) return false
      ctx.CloseHandle(hSettle)
      return true
    },
  }
})
