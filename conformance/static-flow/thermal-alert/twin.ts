// thermal.dll: the board's thermal monitor (a kernel-mode driver). A reading over the alert level is shown to the
// user by thermui.dll, called through CeCallUserProc with the reading in a buffer of the driver's own.
import { ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { ALERT_TENTHS, IOCTL_THERMAL_REPORT } from './ioctls.js'

export default defineDriver('thermal.dll', (ctx) => {
  let alerts = 0
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  async function alertUser(tenths: number): Promise<boolean> {
    const buf = ctx.LocalAlloc(0, 8)
    if (!buf) return false
    ctx.mem.writeU32(buf, tenths)
    const shown = await ctx.CeCallUserProc('thermui.dll', 'ShowAlert', buf, 4, 0, 0, 0)
    ctx.LocalFree(buf)
    return shown
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    async IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number) {
      if (code !== IOCTL_THERMAL_REPORT || nIn < 4) return fail(ERROR_INVALID_PARAMETER)
      const tenths = ctx.mem.readU32(pIn)
      if (tenths >= ALERT_TENTHS && (await alertUser(tenths))) alerts++
      return true
    },
  }
})
