// clean: an audio capture engine that fills the caller's buffer after the call returns; exercises: async completion in kernel mode, CeAllocAsynchronousBuffer, a worker thread, CeFlushAsynchronousBuffer, cancellation at Close, kernel-only design
// capture.dll is a kernel-mode design (like a CE6 wave driver's DMA completion): START takes { cbBlock } and the
// capture buffer as lpOutBuf, re-marshals that buffer with CeAllocAsynchronousBuffer and returns at once; the worker
// thread fills it one block per "DMA interrupt" (a Sleep), flushes each block back to the caller, and frees the
// asynchronous buffer when the capture is complete. WAIT blocks until the handle has no capture in flight. Close
// (the process may be exiting) cancels what is queued and frees every asynchronous buffer itself. In udevice
// CeAllocAsynchronousBuffer cannot outlive the call, so the spec runs it in kernel mode only.
import {
  AccessViolation,
  ARG_O_PTR,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_TIMEOUT,
  FAILED,
  INFINITE,
  WAIT_OBJECT_0,
  defineDriver,
  offset,
  type AsyncPtr,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'

export const IOCTL_CAP_START = 0x00230004
export const IOCTL_CAP_WAIT = 0x00230008
export const MAX_CAPTURE = 1024
export const BLOCK_MS = 1
const WAIT_MS = 1000

interface Capture {
  open: Open
  dest: AsyncPtr
  pOut: number
  cb: number
  block: number
  filled: number
  cancelled: boolean
}

interface Open {
  captures: Set<Capture>
  /** Manual-reset, signalled while no capture is in flight. */
  hIdle: number
  sequence: number
}

export default defineDriver('capture.dll', (ctx: DriverContext) => {
  const opens = new Map<number, Open>()
  const queue: Capture[] = []
  let hWork = 0
  let hWorker = 0
  let stopping = false
  let next = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  /** Hand the buffer back to the caller's process; the last capture of a handle marks it idle. */
  function finish(c: Capture): void {
    ctx.CeFreeAsynchronousBuffer(c.dest, c.pOut, c.cb, ARG_O_PTR)
    c.open.captures.delete(c)
    if (c.open.captures.size === 0) ctx.SetEvent(c.open.hIdle)
  }

  async function run(c: Capture): Promise<void> {
    while (c.filled < c.cb) {
      await ctx.Sleep(BLOCK_MS)
      if (c.cancelled) return // Close freed the buffer
      const n = Math.min(c.block, c.cb - c.filled)
      const sample = (c.open.sequence++ & 0x7f) + 0x40
      ctx.mem.fill(offset(c.dest, c.filled), n, sample)
      ctx.CeFlushAsynchronousBuffer(c.dest, c.pOut, c.pOut, c.cb, ARG_O_PTR)
      c.filled += n
    }
    finish(c)
  }

  async function worker(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hWork, INFINITE)
      for (let c = queue.shift(); c && !stopping; c = queue.shift()) await run(c)
    }
    return 0
  }

  function start(o: Open, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < 4 || !pOut || nOut === 0 || nOut > MAX_CAPTURE) return fail(ERROR_INVALID_PARAMETER)
    const block = ctx.mem.readU32(pIn)
    if (block === 0 || block > nOut) return fail(ERROR_INVALID_PARAMETER)
    const made = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
    if (FAILED(made.hr)) return fail(ERROR_INVALID_PARAMETER)
    const c: Capture = { open: o, dest: made.ptr, pOut, cb: nOut, block, filled: 0, cancelled: false }
    o.captures.add(c)
    ctx.ResetEvent(o.hIdle)
    queue.push(c)
    ctx.SetEvent(hWork)
    return true
  }

  async function wait(o: Open): Promise<boolean> {
    return (await ctx.WaitForSingleObject(o.hIdle, WAIT_MS)) === WAIT_OBJECT_0 || fail(ERROR_TIMEOUT)
  }

  function close(hOpen: number): boolean {
    const o = opens.get(hOpen)
    if (!o) return false
    for (const c of [...o.captures]) {
      c.cancelled = true
      const queued = queue.indexOf(c)
      if (queued >= 0) queue.splice(queued, 1)
      finish(c)
    }
    ctx.CloseHandle(o.hIdle)
    opens.delete(hOpen)
    return true
  }

  return {
    Init() {
      hWork = ctx.CreateEvent(false, false)
      hWorker = hWork ? ctx.CreateThread(worker, 0, { name: 'CaptureDMA' }) : 0
      if (!hWorker) {
        if (hWork) ctx.CloseHandle(hWork)
        return 0
      }
      return 1
    },
    async Deinit() {
      for (const hOpen of [...opens.keys()]) close(hOpen)
      stopping = true
      ctx.SetEvent(hWork)
      await ctx.WaitForSingleObject(hWorker, INFINITE)
      ctx.CloseHandle(hWorker)
      ctx.CloseHandle(hWork)
      return true
    },
    Open() {
      const hIdle = ctx.CreateEvent(true, true)
      if (!hIdle) return 0
      opens.set(next, { captures: new Set(), hIdle, sequence: 0 })
      return next++
    },
    Close: close,
    async IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): Promise<boolean> {
      const o = opens.get(hOpen)
      if (!o) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_CAP_START) return start(o, pIn, nIn, pOut, nOut)
        if (code === IOCTL_CAP_WAIT) return await wait(o)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
