// keypad.dll: a matrix keypad. Readers post WAIT_KEY requests; a delivery thread started in Init hands each key to
// the oldest waiting request. WAIT_KEY returns at once and the thread completes the request later.
import { ERROR_INVALID_PARAMETER, INFINITE, defineDriver, type ParamPtr } from '@cedk/kernel'
import { IOCTL_KEY_INJECT, IOCTL_KEY_WAIT } from './ioctls.js'

interface KeyRequest {
  out: ParamPtr
  hOpen: number
}

export default defineDriver('keypad.dll', (ctx) => {
  const waiting: KeyRequest[] = []
  const keys: number[] = []
  let hKey = 0
  let hThread = 0
  let stopping = false
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function complete(req: KeyRequest, scan: number): void {
    ctx.mem.writeU32(req.out, scan)
  }

  async function deliver(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hKey, INFINITE)
      while (keys.length > 0 && waiting.length > 0) complete(waiting.shift()!, keys.shift()!)
    }
    return 0
  }

  return {
    Init() {
      hKey = ctx.CreateEvent(false, false)
      hThread = hKey ? ctx.CreateThread(deliver, 0) : 0
      return hThread ? 1 : 0
    },
    async Deinit() {
      stopping = true
      ctx.SetEvent(hKey)
      await ctx.WaitForSingleObject(hThread, INFINITE)
      ctx.CloseHandle(hThread)
      ctx.CloseHandle(hKey)
      return true
    },
    Open: (hDevice: number) => hDevice + 1,
    Close(hOpen: number) {
      for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i]!.hOpen === hOpen) waiting.splice(i, 1)
      return true
    },
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      if (code === IOCTL_KEY_WAIT) {
        if (!pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
        waiting.push({ out: pOut, hOpen })
        return true
      }
      if (code === IOCTL_KEY_INJECT && nIn >= 4) {
        keys.push(ctx.mem.readU32(pIn))
        return ctx.SetEvent(hKey)
      }
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
