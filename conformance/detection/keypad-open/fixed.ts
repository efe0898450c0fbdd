// keypad.dll: a matrix keypad. Each open handle gets its own key queue and an event the driver signals when a key is
// queued; IOCTL_KEYPAD_GET_KEY returns the oldest key of the caller's queue ({ scanCode, down }, 0 when empty).
import { AccessViolation, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_KEYPAD_GET_KEY = 0x8000482c

interface KeyEvent {
  scanCode: number
  down: boolean
}

interface OpenContext {
  queue: KeyEvent[]
  hKeyReady: number
}

export default defineDriver('keypad.dll', (ctx: DriverContext) => {
  const opens = new Map<number, OpenContext>()
  let nextOpen = 1
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function getKey(o: OpenContext, pOut: ParamPtr, nOut: number): boolean {
    if (!pOut || nOut < 8) return fail(ERROR_INVALID_PARAMETER)
    const key = o.queue.shift()
    ctx.mem.writeU32(pOut, key?.scanCode ?? 0)
    ctx.mem.writeU32(offset(pOut, 4), key?.down ? 1 : 0)
    if (!o.queue.length) ctx.ResetEvent(o.hKeyReady)
    return true
  }

  return {
    Init: () => 1,
    /** Deactivated with handles still open: no Close will come for them. */
    Deinit() {
      for (const o of opens.values()) ctx.CloseHandle(o.hKeyReady)
      opens.clear()
      return true
    },
    Open() {
      const hKeyReady = ctx.CreateEvent(true, false)
      if (!hKeyReady) return 0
      opens.set(nextOpen, { queue: [], hKeyReady })
      return nextOpen++
    },
    Close(hOpen) {
      const o = opens.get(hOpen)
      if (!o) return false
      ctx.CloseHandle(o.hKeyReady)
      opens.delete(hOpen)
      return true
    },
    IOControl(hOpen, code, _pIn, _nIn, pOut: ParamPtr, nOut) {
      const o = opens.get(hOpen)
      if (!o) return fail(ERROR_INVALID_HANDLE)
      if (code !== IOCTL_KEYPAD_GET_KEY) return fail(ERROR_INVALID_PARAMETER)
      try {
        return getKey(o, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
