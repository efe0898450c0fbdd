// micin.dll: microphone capture into a ring buffer the application owns. START opens the ring and keeps an
// asynchronous buffer of it for the sampling thread; STOP stops the thread and releases both,
// the asynchronous buffer first.
import { ARG_O_PTR, ERROR_INVALID_PARAMETER, FAILED, INFINITE, defineDriver, offset, type AsyncPtr, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'
import { IOCTL_CAPTURE_START, IOCTL_CAPTURE_STOP, MAX_RING } from './ioctls.js'

interface Capture {
  src: number
  ring: MarshalledPtr
  async: AsyncPtr
  length: number
  hThread: number
  running: boolean
}

export default defineDriver('micin.dll', (ctx) => {
  const captures = new Map<number, Capture>()
  let nextOpen = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  async function sample(cap: Capture): Promise<number> {
    for (let i = 0; cap.running; i = (i + 4) % cap.length) {
      ctx.mem.writeU32(offset(cap.async, i), (i * 2654435761) >>> 16)
      await ctx.Sleep(1)
    }
    return 0
  }

  function unmapRing(cap: Capture): void {
    ctx.CeCloseCallerBuffer(cap.ring, cap.src, cap.length, ARG_O_PTR)
  }

  async function stop(hOpen: number): Promise<boolean> {
    const cap = captures.get(hOpen)
    if (!cap) return fail(ERROR_INVALID_PARAMETER)
    cap.running = false
    await ctx.WaitForSingleObject(cap.hThread, INFINITE)
    ctx.CloseHandle(cap.hThread)
    ctx.CeFreeAsynchronousBuffer(cap.async, cap.ring, cap.length, ARG_O_PTR)
    unmapRing(cap)
    captures.delete(hOpen)
    return true
  }

  function start(hOpen: number, pIn: ParamPtr, nIn: number): boolean {
    if (nIn < 8 || captures.has(hOpen)) return fail(ERROR_INVALID_PARAMETER)
    const src = ctx.mem.readU32(pIn)
    const length = ctx.mem.readU32(offset(pIn, 4))
    if (length < 4 || length > MAX_RING || length % 4 !== 0) return fail(ERROR_INVALID_PARAMETER)
    const ring = ctx.CeOpenCallerBuffer(src, length, ARG_O_PTR, false)
    if (FAILED(ring.hr)) return fail(ERROR_INVALID_PARAMETER)
    const async = ctx.CeAllocAsynchronousBuffer(ring.ptr, length, ARG_O_PTR)
    if (FAILED(async.hr)) {
      ctx.CeCloseCallerBuffer(ring.ptr, src, length, ARG_O_PTR)
      return fail(ERROR_INVALID_PARAMETER)
    }
    const cap: Capture = { src, ring: ring.ptr, async: async.ptr, length, hThread: 0, running: true }
    cap.hThread = ctx.CreateThread(() => sample(cap), 0, { name: 'mic-sampler' })
    captures.set(hOpen, cap)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => nextOpen++,
    Close: async (hOpen: number) => !captures.has(hOpen) || (await stop(hOpen)),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number) {
      if (code === IOCTL_CAPTURE_START) return start(hOpen, pIn, nIn)
      if (code === IOCTL_CAPTURE_STOP) return stop(hOpen)
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
