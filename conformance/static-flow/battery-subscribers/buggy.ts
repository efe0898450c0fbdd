// fuelgauge.dll: a battery fuel gauge. Each open handle may subscribe a DWORD of its own to be kept up to date;
// every gauge update is written to the subscribers.
import { ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { IOCTL_GAUGE_LEVEL, IOCTL_GAUGE_SUBSCRIBE, IOCTL_GAUGE_UPDATE } from './ioctls.js'

interface Subscriber {
  level: ParamPtr
  updates: number
}

export default defineDriver('fuelgauge.dll', (ctx) => {
  const subscribers = new Map<number, Subscriber>()
  let level = 100
  let nextOpen = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function publish(): void {
    for (const sub of subscribers.values()) {
      ctx.mem.writeU32(sub.level, level)
      sub.updates++
    }
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => nextOpen++,
    Close: (hOpen: number) => (subscribers.delete(hOpen), true),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      if (code === IOCTL_GAUGE_SUBSCRIBE && nOut >= 4) {
        subscribers.set(hOpen, { level: pOut, updates: 0 })
        ctx.mem.writeU32(pOut, level)
        return true
      }
      if (code === IOCTL_GAUGE_UPDATE && nIn >= 4) {
        level = Math.min(100, ctx.mem.readU32(pIn))
        publish()
        return true
      }
      if (code === IOCTL_GAUGE_LEVEL && nOut >= 4) {
        ctx.mem.writeU32(pOut, level)
        return true
      }
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
