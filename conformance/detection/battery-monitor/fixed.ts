// battmon.dll: a battery monitor. A polling thread samples the fuel gauge every second and keeps the last reading;
// IOCTL_BATTERY_GET_LEVEL returns it ({ percent }).
import { AccessViolation, ERROR_INVALID_PARAMETER, INFINITE, WAIT_OBJECT_0, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'
import { REG_BLOCK_BASE } from '../hardware.js'

export const IOCTL_BATTERY_GET_LEVEL = 0x80005030
const POLL_MS = 1000
const GAUGE_WINDOW = 0x10
/** The gauge's state-of-charge register: percent in the low byte. */
const GAUGE_SOC = 0x04

interface Monitor {
  gauge: Ptr
  percent: number
  hStop: number
  hPoller: number
}

export default defineDriver('battmon.dll', (ctx: DriverContext) => {
  let mon: Monitor | null = null
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  const sample = (m: Monitor): number => Math.min(100, ctx.mem.readU8(offset(m.gauge, GAUGE_SOC)))

  /** Until Deinit sets hStop: the wait is the poll interval. */
  async function poll(m: Monitor): Promise<number> {
    while ((await ctx.WaitForSingleObject(m.hStop, POLL_MS)) !== WAIT_OBJECT_0) m.percent = sample(m)
    return 0
  }

  function release(m: Monitor): void {
    if (m.hStop) ctx.CloseHandle(m.hStop)
    ctx.MmUnmapIoSpace(m.gauge, GAUGE_WINDOW)
  }

  function getLevel(pOut: ParamPtr, nOut: number): boolean {
    if (!mon || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, mon.percent)
    return true
  }

  return {
    Init() {
      const gauge = ctx.MmMapIoSpace(REG_BLOCK_BASE, GAUGE_WINDOW, false)
      if (!gauge) return 0
      const m: Monitor = { gauge, percent: 0, hStop: ctx.CreateEvent(true, false), hPoller: 0 }
      m.percent = m.hStop ? sample(m) : 0
      m.hPoller = m.hStop ? ctx.CreateThread(() => poll(m), 0, { name: 'BattPoll' }) : 0
      if (!m.hPoller) {
        release(m)
        return 0
      }
      mon = m
      return 1
    },
    async Deinit() {
      if (!mon) return true
      ctx.SetEvent(mon.hStop)
      await ctx.WaitForSingleObject(mon.hPoller, INFINITE)
      ctx.CloseHandle(mon.hPoller)
      release(mon)
      mon = null
      return true
    },
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_BATTERY_GET_LEVEL) return fail(ERROR_INVALID_PARAMETER)
      try {
        return getLevel(pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
