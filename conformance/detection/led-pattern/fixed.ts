// ledctl.dll: a notification LED. IOCTL_LED_SET_PATTERN takes { pattern, flags } (pattern 0 turns the LED off) and
// returns the flags it applied, LED_FLAG_APPLIED set, in the output buffer when the caller gives one.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_LED_SET_PATTERN = 0x80002808
const PATTERNS = ['off', 'on', 'slow-blink', 'fast-blink', 'heartbeat']
const LED_FLAG_APPLIED = 0x80000000

interface LedState {
  pattern: number
  flags: number
}

export default defineDriver('ledctl.dll', (ctx: DriverContext) => {
  const led: LedState = { pattern: 0, flags: 0 }
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function apply(next: LedState): boolean {
    if (next.pattern >= PATTERNS.length) return false
    led.pattern = next.pattern
    led.flags = next.flags & ~LED_FLAG_APPLIED
    return true
  }

  function setPattern(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const flagsAt = offset(pIn, 4)
    const req = { pattern: ctx.mem.readU32(pIn), flags: ctx.mem.readU32(flagsAt) }
    if (!apply(req)) return fail(ERROR_INVALID_PARAMETER)
    if (pOut && nOut >= 4) ctx.mem.writeU32(pOut, led.flags | LED_FLAG_APPLIED)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_LED_SET_PATTERN) return fail(ERROR_INVALID_PARAMETER)
      try {
        return setPattern(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
