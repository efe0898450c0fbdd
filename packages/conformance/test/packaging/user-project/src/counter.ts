// counter.dll: the driver a user writes in their own project. It keeps one DWORD per device; IOCTL_COUNTER_ADD
// adds the caller's DWORD to it and IOCTL_COUNTER_GET returns it.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'

export const IOCTL_COUNTER_ADD = 0x00220004
export const IOCTL_COUNTER_GET = 0x00220008

export default defineDriver('counter.dll', (ctx) => {
  const devices = new Map<number, { value: number }>()
  const opens = new Map<number, number>()
  let next = 1

  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function ioControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    const dev = devices.get(opens.get(hOpen) ?? 0)
    if (!dev) return fail(ERROR_INVALID_HANDLE)
    if (code === IOCTL_COUNTER_ADD) {
      if (!pIn || nIn < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
      dev.value = (dev.value + ctx.mem.readU32(pIn)) >>> 0
      return true
    }
    if (code === IOCTL_COUNTER_GET) {
      if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
      ctx.mem.writeU32(pOut, dev.value)
      if (pActual) ctx.mem.writeU32(pActual, 4)
      return true
    }
    return fail(ERROR_INVALID_PARAMETER)
  }

  return {
    Init: () => (devices.set(next, { value: 0 }), next++),
    Deinit: (h: number) => devices.delete(h),
    Open: (h: number) => (opens.set(next, h), next++),
    Close: (h: number) => opens.delete(h),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) {
      try {
        return ioControl(hOpen, code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
