// blkdma.dll: a block-transfer engine. START opens the caller's buffer, makes an asynchronous buffer of it for the
// engine's completion thread and returns; the thread fills the buffer and completes the transfer record.
import { ARG_IO_PTR, AccessViolation, ERROR_INVALID_PARAMETER, ERROR_TIMEOUT, FAILED, INFINITE, WAIT_OBJECT_0, defineDriver, offset, type AsyncPtr, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'
import { IOCTL_DMA_START, IOCTL_DMA_WAIT, MAX_XFER } from './ioctls.js'

interface Transfer {
  src: number
  opened: MarshalledPtr
  async: AsyncPtr
  length: number
}

export default defineDriver('blkdma.dll', (ctx) => {
  const queue: Transfer[] = []
  let hWork = 0
  let hIdle = 0
  let hEngine = 0
  let stopping = false
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function complete(t: Transfer): void {
    ctx.CeCloseCallerBuffer(t.opened, t.src, t.length, ARG_IO_PTR)
    ctx.CeFreeAsynchronousBuffer(t.async, t.opened, t.length, ARG_IO_PTR)
  }

  async function engine(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hWork, INFINITE)
      for (let t = queue.shift(); t; t = queue.shift()) {
        for (let i = 0; i < t.length; i += 4) ctx.mem.writeU32(offset(t.async, i), 0xd0d0 + i)
        complete(t)
      }
      ctx.SetEvent(hIdle)
    }
    return 0
  }

  function start(pIn: ParamPtr, nIn: number): boolean {
    if (nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const src = ctx.mem.readU32(pIn)
    const length = ctx.mem.readU32(offset(pIn, 4))
    if (length === 0 || length > MAX_XFER || length % 4 !== 0) return fail(ERROR_INVALID_PARAMETER)
    const opened = ctx.CeOpenCallerBuffer(src, length, ARG_IO_PTR, false)
    if (FAILED(opened.hr)) return fail(ERROR_INVALID_PARAMETER)
    const async = ctx.CeAllocAsynchronousBuffer(opened.ptr, length, ARG_IO_PTR)
    if (FAILED(async.hr)) {
      ctx.CeCloseCallerBuffer(opened.ptr, src, length, ARG_IO_PTR)
      return fail(ERROR_INVALID_PARAMETER)
    }
    queue.push({ src, opened: opened.ptr, async: async.ptr, length })
    ctx.ResetEvent(hIdle)
    return ctx.SetEvent(hWork)
  }

  return {
    Init() {
      hWork = ctx.CreateEvent(false, false)
      hIdle = ctx.CreateEvent(true, true)
      hEngine = ctx.CreateThread(engine, 0, { name: 'dma-engine' })
      return hEngine ? 1 : 0
    },
    async Deinit() {
      stopping = true
      ctx.SetEvent(hWork)
      await ctx.WaitForSingleObject(hEngine, INFINITE)
      for (const h of [hEngine, hWork, hIdle]) ctx.CloseHandle(h)
      return true
    },
    Open: () => 1,
    Close: () => true,
    async IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number) {
      try {
        if (code === IOCTL_DMA_START) return start(pIn, nIn)
        if (code === IOCTL_DMA_WAIT) return (await ctx.WaitForSingleObject(hIdle, 1000)) === WAIT_OBJECT_0 || fail(ERROR_TIMEOUT)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
