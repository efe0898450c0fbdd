// fuelgauge.dll: a battery fuel gauge. Each open handle may subscribe with an event of its own, which is set on
// every gauge update; the subscriber then reads the level with LEVEL.
import { ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { IOCTL_GAUGE_LEVEL, IOCTL_GAUGE_SUBSCRIBE, IOCTL_GAUGE_UPDATE } from './ioctls.js'

interface Subscriber {
  hChanged: number
  updates: number
}

export default defineDriver('fuelgauge.dll', (ctx) => {
  const subscribers = new Map<number, Subscriber>()
  let level = 100
  let nextOpen = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function publish(): void {
    for (const sub of subscribers.values()) {
      ctx.SetEvent(sub.hChanged)
      sub.updates++
    }
  }

  function unsubscribe(hOpen: number): boolean {
    const sub = subscribers.get(hOpen)
    if (sub) ctx.CloseHandle(sub.hChanged)
    subscribers.delete(hOpen)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => nextOpen++,
    Close: unsubscribe,
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      if (code === IOCTL_GAUGE_SUBSCRIBE && nOut >= 4) {
        if (!subscribers.has(hOpen)) subscribers.set(hOpen, { hChanged: ctx.CreateEvent(false, false, `gauge-${hOpen}`), updates: 0 })
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
