// crcasync.dll: the kernel-mode design. IOCTL_CRC_START re-marshals the caller's two buffers with
// CeAllocAsynchronousBuffer and returns at once; a worker thread of the driver computes the CRC later, writes it
// through the asynchronous output buffer, flushes it back to the caller and frees both buffers; IOCTL_CRC_WAIT_ALL
// blocks until a handle's requests are done. This is right in the kernel and cannot work in udevice: there
// CeAllocAsynchronousBuffer returns the parameter pointer itself, whose alias the reflector unmaps when the call
// returns (CE6-A06). crc-portable.ts is the same device restructured for both modes.
import {
  ARG_I_PTR,
  ARG_O_PTR,
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_TIMEOUT,
  FAILED,
  WAIT_OBJECT_0,
  defineDriver,
  type AsyncPtr,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'
import { crc32, engineTime } from './crc32.js'
import * as io from './ioctls.js'
import { startWorkQueue, type WorkQueue } from './work-queue.js'

interface Request {
  open: Open
  data: AsyncPtr
  pIn: number
  nIn: number
  result: AsyncPtr
  pOut: number
  done: boolean
}

interface Open {
  requests: Set<Request>
  /** Manual-reset, signalled while the handle has no request in flight (and by PreClose, to wake waiters). */
  hIdle: number
  closing: boolean
}

export default defineDriver('crcasync.dll', (ctx: DriverContext) => {
  const opens = new Map<number, Open>()
  let queue: WorkQueue<Request> | null = null
  let nextOpen = 1

  const fail = (error: number): false => (ctx.SetLastError(error), false)

  /** Both buffers back to the caller's process: the output first, flushed, so the CRC is there before completion. */
  function release(r: Request, flush: boolean): void {
    if (flush) ctx.CeFlushAsynchronousBuffer(r.result, r.pOut, r.pOut, 4, ARG_O_PTR)
    ctx.CeFreeAsynchronousBuffer(r.result, r.pOut, 4, ARG_O_PTR)
    ctx.CeFreeAsynchronousBuffer(r.data, r.pIn, r.nIn, ARG_I_PTR)
    r.done = true
    r.open.requests.delete(r)
    if (r.open.requests.size === 0) ctx.SetEvent(r.open.hIdle)
  }

  async function serve(r: Request): Promise<void> {
    await ctx.Sleep(engineTime(r.nIn))
    if (r.done) return // the handle closed while the engine ran: Close released the buffers
    ctx.mem.writeU32(r.result, crc32(ctx.mem.read(r.data, r.nIn)))
    release(r, true)
  }

  function start(o: Open, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn === 0 || nIn > io.MAX_REQUEST) return fail(ERROR_INVALID_PARAMETER)
    if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    const data = ctx.CeAllocAsynchronousBuffer(pIn, nIn, ARG_I_PTR)
    if (FAILED(data.hr)) return fail(ERROR_INVALID_PARAMETER)
    const result = ctx.CeAllocAsynchronousBuffer(pOut, 4, ARG_O_PTR)
    if (FAILED(result.hr)) {
      ctx.CeFreeAsynchronousBuffer(data.ptr, pIn, nIn, ARG_I_PTR)
      return fail(ERROR_INVALID_PARAMETER)
    }
    const r: Request = { open: o, data: data.ptr, pIn, nIn, result: result.ptr, pOut, done: false }
    o.requests.add(r)
    ctx.ResetEvent(o.hIdle)
    queue!.push(r)
    return true
  }

  async function waitAll(o: Open): Promise<boolean> {
    if ((await ctx.WaitForSingleObject(o.hIdle, io.WAIT_MS)) !== WAIT_OBJECT_0) return fail(ERROR_TIMEOUT)
    return !o.closing || fail(ERROR_INVALID_HANDLE)
  }

  function closeOpen(hOpen: number): boolean {
    const o = opens.get(hOpen)
    if (!o) return false
    queue?.drop((r) => r.open === o)
    for (const r of [...o.requests]) release(r, false)
    ctx.CloseHandle(o.hIdle)
    opens.delete(hOpen)
    return true
  }

  async function IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): Promise<boolean> {
    const o = opens.get(hOpen)
    if (!o) return fail(ERROR_INVALID_HANDLE)
    try {
      if (code === io.IOCTL_CRC_START) return start(o, pIn, nIn, pOut, nOut)
      if (code === io.IOCTL_CRC_WAIT_ALL) return await waitAll(o)
      return fail(ERROR_INVALID_PARAMETER)
    } catch (e) {
      if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
      throw e
    }
  }

  return {
    Init: () => ((queue = startWorkQueue(ctx, serve)) ? 1 : 0),
    /** Deactivation with handles still open: no Close will come for them. */
    async Deinit() {
      await queue?.stop()
      queue = null
      for (const hOpen of [...opens.keys()]) closeOpen(hOpen)
      return true
    },
    Open() {
      const hIdle = ctx.CreateEvent(true, true)
      if (!hIdle) return 0
      opens.set(nextOpen, { requests: new Set(), hIdle, closing: false })
      return nextOpen++
    },
    PreDeinit: () => true,
    /** The handle is closing: wake a caller blocked in IOCTL_CRC_WAIT_ALL so Close can run. */
    PreClose(hOpen: number) {
      const o = opens.get(hOpen)
      if (!o) return false
      o.closing = true
      return ctx.SetEvent(o.hIdle)
    },
    /** The handle is closed (its process may be exiting): cancel what is pending and free its buffers now. */
    Close: closeOpen,
    IOControl,
  }
})
