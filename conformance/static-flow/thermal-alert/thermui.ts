// thermui.dll: thermal.dll's user-mode companion. CeCallUserProc loads it in a udevice and calls ShowAlert with the
// reading (one DWORD, the driver's own memory); it shows the message there, where UI is allowed.
import { ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { showOverTemperature } from './alerts.js'

export default defineDriver('thermui.dll', (ctx) => ({
  ShowAlert(pIn: ParamPtr, nIn: number): boolean {
    if (nIn < 4) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), false)
    return showOverTemperature(ctx, ctx.mem.readU32(pIn))
  },
}))
