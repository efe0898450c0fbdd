// crcport.dll: the same checksum engine restructured so it runs unchanged in the kernel and in udevice. Caller memory
// is touched only during the call that passed it: IOCTL_CRC_SUBMIT copies the data into the driver's own heap and
// returns a request id; the worker thread computes from that copy into the request record; IOCTL_CRC_RESULT waits
// for the request and writes the CRC into its own output buffer before returning. No asynchronous buffer is
// needed, so nothing depends on CeAllocAsynchronousBuffer aliasing (kernel) or not (udevice).
import {
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_ENOUGH_MEMORY,
  ERROR_TIMEOUT,
  WAIT_OBJECT_0,
  defineDriver,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'
import { crc32, engineTime } from './crc32.js'
import * as io from './ioctls.js'
import { startWorkQueue, type WorkQueue } from './work-queue.js'

interface Request {
  id: number
  open: Open
  /** The driver's copy of the caller's data. */
  data: OwnPtr
  n: number
  crc: number
  /** Manual-reset, signalled when `crc` is ready. */
  hDone: number
  cancelled: boolean
}

interface Open {
  requests: Map<number, Request>
  closing: boolean
}

export default defineDriver('crcport.dll', (ctx: DriverContext) => {
  const opens = new Map<number, Open>()
  let queue: WorkQueue<Request> | null = null
  let nextId = 1

  const fail = (error: number): false => (ctx.SetLastError(error), false)

  async function serve(r: Request): Promise<void> {
    await ctx.Sleep(engineTime(r.n))
    if (r.cancelled) return
    r.crc = crc32(ctx.mem.read(r.data, r.n))
    ctx.SetEvent(r.hDone)
  }

  function forget(r: Request): void {
    r.cancelled = true
    r.open.requests.delete(r.id)
    ctx.LocalFree(r.data)
    ctx.CloseHandle(r.hDone)
  }

  function submit(o: Open, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pIn || nIn === 0 || nIn > io.MAX_REQUEST) return fail(ERROR_INVALID_PARAMETER)
    if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    const data = ctx.LocalAlloc(0, nIn)
    const hDone = data ? ctx.CreateEvent(true, false) : 0
    if (!hDone) {
      if (data) ctx.LocalFree(data)
      return fail(ERROR_NOT_ENOUGH_MEMORY)
    }
    const r: Request = { id: nextId++, open: o, data, n: nIn, crc: 0, hDone, cancelled: false }
    try {
      ctx.mem.copy(data, pIn, nIn)
      ctx.mem.writeU32(pOut, r.id)
      if (pActual) ctx.mem.writeU32(pActual, 4)
    } catch (e) {
      forget(r)
      throw e
    }
    o.requests.set(r.id, r)
    queue!.push(r)
    return true
  }

  async function result(o: Open, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
    if (!pIn || nIn < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    const r = o.requests.get(ctx.mem.readU32(pIn))
    if (!r) return fail(ERROR_INVALID_PARAMETER)
    if ((await ctx.WaitForSingleObject(r.hDone, io.WAIT_MS)) !== WAIT_OBJECT_0) return fail(ERROR_TIMEOUT)
    if (o.closing) return fail(ERROR_INVALID_HANDLE) // woken by PreClose
    ctx.mem.writeU32(pOut, r.crc)
    if (pActual) ctx.mem.writeU32(pActual, 4)
    forget(r)
    return true
  }

  function closeOpen(hOpen: number): boolean {
    const o = opens.get(hOpen)
    if (!o) return false
    queue?.drop((r) => r.open === o)
    for (const r of [...o.requests.values()]) forget(r)
    opens.delete(hOpen)
    return true
  }

  async function IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
    const o = opens.get(hOpen)
    if (!o) return fail(ERROR_INVALID_HANDLE)
    try {
      if (code === io.IOCTL_CRC_SUBMIT) return submit(o, pIn, nIn, pOut, nOut, pActual)
      if (code === io.IOCTL_CRC_RESULT) return await result(o, pIn, nIn, pOut, nOut, pActual)
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
      opens.set(nextId, { requests: new Map(), closing: false })
      return nextId++
    },
    PreDeinit: () => true,
    /** The handle is closing: wake callers blocked in IOCTL_CRC_RESULT so Close can run. */
    PreClose(hOpen: number) {
      const o = opens.get(hOpen)
      if (!o) return false
      o.closing = true
      for (const r of o.requests.values()) ctx.SetEvent(r.hDone)
      return true
    },
    /** The handle is closed (its process may be exiting): drop its requests and their copies. */
    Close: closeOpen,
    IOControl,
  }
})
