// keypad.dll: a matrix keypad. Readers call WAIT_KEY, which blocks until a key arrives: a delivery thread started in
// Init hands each key to the oldest waiting request and wakes its caller, which writes the key into its own output
// buffer before returning.
import { ERROR_INVALID_PARAMETER, ERROR_TIMEOUT, INFINITE, WAIT_OBJECT_0, defineDriver, type ParamPtr } from '@cedk/kernel'
import { IOCTL_KEY_INJECT, IOCTL_KEY_WAIT } from './ioctls.js'

interface KeyRequest {
  scan: number
  hDone: number
  hOpen: number
}

const WAIT_MS = 5000

export default defineDriver('keypad.dll', (ctx) => {
  const waiting: KeyRequest[] = []
  const keys: number[] = []
  let hKey = 0
  let hThread = 0
  let stopping = false
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function complete(req: KeyRequest, scan: number): void {
    req.scan = scan
    ctx.SetEvent(req.hDone)
  }

  async function deliver(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hKey, INFINITE)
      while (keys.length > 0 && waiting.length > 0) complete(waiting.shift()!, keys.shift()!)
    }
    return 0
  }

  async function waitKey(hOpen: number, pOut: ParamPtr, nOut: number): Promise<boolean> {
    if (!pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const req: KeyRequest = { scan: 0, hDone: ctx.CreateEvent(true, false), hOpen }
    waiting.push(req)
    ctx.SetEvent(hKey)
    const r = await ctx.WaitForSingleObject(req.hDone, WAIT_MS)
    ctx.CloseHandle(req.hDone)
    if (r !== WAIT_OBJECT_0) {
      waiting.splice(waiting.indexOf(req), 1)
      return fail(ERROR_TIMEOUT)
    }
    ctx.mem.writeU32(pOut, req.scan)
    return true
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
    Close: () => true,
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      if (code === IOCTL_KEY_WAIT) return waitKey(hOpen, pOut, nOut)
      if (code === IOCTL_KEY_INJECT && nIn >= 4) {
        keys.push(ctx.mem.readU32(pIn))
        return ctx.SetEvent(hKey)
      }
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
