// fuelgauge.dll: a fuel gauge. IOCTL_GAUGE_GET_STATUS returns { percent, flags } read from the gauge's registers;
// below 5 % the driver warns the user that the device is about to shut down.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'
import { REG_BLOCK_BASE } from '../hardware.js'

export const IOCTL_GAUGE_GET_STATUS = 0x80005434
const GAUGE_WINDOW = 0x10
const GAUGE_SOC = 0x04
const CRITICAL_PERCENT = 5
const FLAG_CRITICAL = 1

export default defineDriver('fuelgauge.dll', (ctx: DriverContext) => {
  let gauge: Ptr | null = null
  let warned = false
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function warnCritical(percent: number): void {
    if (warned) return
    warned = true
    ctx.MessageBox(0, `Battery at ${percent}%. Connect the charger now: the device will shut down.`, 'Battery critically low')
  }

  function getStatus(pOut: ParamPtr, nOut: number): boolean {
    if (!gauge || !pOut || nOut < 8) return fail(ERROR_INVALID_PARAMETER)
    const percent = Math.min(100, ctx.mem.readU8(offset(gauge, GAUGE_SOC)))
    const critical = percent < CRITICAL_PERCENT
    ctx.mem.writeU32(pOut, percent)
    ctx.mem.writeU32(offset(pOut, 4), critical ? FLAG_CRITICAL : 0)
    if (critical) warnCritical(percent)
    return true
  }

  return {
    Init() {
      gauge = ctx.MmMapIoSpace(REG_BLOCK_BASE, GAUGE_WINDOW, false)
      return gauge ? 1 : 0
    },
    Deinit() {
      if (gauge) ctx.MmUnmapIoSpace(gauge, GAUGE_WINDOW)
      gauge = null
      return true
    },
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_GAUGE_GET_STATUS) return fail(ERROR_INVALID_PARAMETER)
      try {
        return getStatus(pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
