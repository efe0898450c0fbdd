// touchcal.dll: a resistive touch panel. IOCTL_TOUCH_SET_CALIBRATION takes the affine transform { a, b, c, d, e, f,
// divider } that maps raw samples to screen points; IOCTL_TOUCH_GET_CALIBRATION returns the one in use. Ported from
// CE5; the permission juggling around each request is gone (CE6 validates the parameter pointers itself).
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_TOUCH_SET_CALIBRATION = 0x80004020
export const IOCTL_TOUCH_GET_CALIBRATION = 0x80004024
const WORDS = 7
const CALIBRATION_SIZE = WORDS * 4

export default defineDriver('touchcal.dll', (ctx: DriverContext) => {
  // Identity until the control panel calibrates: x' = (1·x + 0·y + 0) / 1, y' = (0·x + 1·y + 0) / 1.
  let calibration = [1, 0, 0, 0, 1, 0, 1]
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function setCalibration(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < CALIBRATION_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const words = Array.from({ length: WORDS }, (_, i) => ctx.mem.readI32(offset(pIn, i * 4)))
    // A zero divider is the control panel's "back to the factory calibration".
    calibration = words[6] === 0 ? [1, 0, 0, 0, 1, 0, 1] : words
    return true
  }

  function getCalibration(pOut: ParamPtr, nOut: number): boolean {
    if (!pOut || nOut < CALIBRATION_SIZE) return fail(ERROR_INVALID_PARAMETER)
    calibration.forEach((w, i) => ctx.mem.writeI32(offset(pOut, i * 4), w))
    return true
  }

  function dispatch(code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (code === IOCTL_TOUCH_SET_CALIBRATION) return setCalibration(pIn, nIn)
    if (code === IOCTL_TOUCH_GET_CALIBRATION) return getCalibration(pOut, nOut)
    return fail(ERROR_INVALID_PARAMETER)
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      try {
        return dispatch(code, pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
