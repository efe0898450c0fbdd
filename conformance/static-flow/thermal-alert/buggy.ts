// thermal.dll: the board's thermal monitor (a kernel-mode driver). A reading over the alert level is shown to the
// user through the shared alert helper.
import { ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { showOverTemperature } from './alerts.js'
import { ALERT_TENTHS, IOCTL_THERMAL_REPORT } from './ioctls.js'

export default defineDriver('thermal.dll', (ctx) => {
  let alerts = 0
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number) {
      if (code !== IOCTL_THERMAL_REPORT || nIn < 4) return fail(ERROR_INVALID_PARAMETER)
      const tenths = ctx.mem.readU32(pIn)
      if (tenths >= ALERT_TENTHS && showOverTemperature(ctx, tenths)) alerts++
      return true
    },
  }
})
