// capture.dll: grabs a line of samples from an ADC into the caller's buffer. IOCTL_CAPTURE_LINE takes
//   typedef struct { DWORD dwChannel; PBYTE pSamples; DWORD cbSamples; } CAPTURE_REQUEST;
// with dwChannel 0..3 and 1..512 bytes of samples. A worker thread does the transfer (the ADC is paced). The
// buggy port kept its CE5 shape: the call returns at once and the worker writes the caller's buffer later through
// the pointer CeOpenCallerBuffer gave, then closes it; Close waits for the transfers still running. The fix makes
// the worker write an asynchronous buffer, freed before it signals, while the calling thread waits.
import { AccessViolation, ARG_O_PTR, ERROR_INVALID_PARAMETER, FAILED, WAIT_OBJECT_0, defineDriver, offset, type DriverContext, type DriverModule, type ParamPtr, type Ptr } from '@cedk/kernel'

export const IOCTL_CAPTURE_LINE = 0x00222200
export const CAPTURE_REQUEST_SIZE = 12
const CHANNELS = 4
const MAX_SAMPLES = 512
/** Virtual ms the ADC takes for one line. */
const LINE_MS = 2
const TIMEOUT_MS = 100

export const registry = `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Capture]\n"Dll"="capture.dll"\n"Prefix"="CAP"\n"Index"=dword:1\n`

interface Transfer {
  channel: number
  cb: number
  /** Where the worker writes: the asynchronous buffer (fixed) or the marshalled caller buffer (buggy). */
  target: Ptr
  done: number
  /** Frees what the worker wrote through (writing it back), on the worker, before it signals. */
  release?: () => void
}

function makeCapture(usesAsyncBuffer: boolean): DriverModule {
  return defineDriver('capture.dll', (ctx: DriverContext) => {
    let sequence = 0
    /** Worker threads of transfers started and not yet waited for (the CE5 shape only). */
    const pending: number[] = []

    function fail(): false {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }

    function sampleLine(channel: number, cb: number): Uint8Array {
      sequence = (sequence + 1) & 0xff
      return Uint8Array.from({ length: cb }, (_, i) => (channel * 64 + i + sequence) & 0xff)
    }

    async function worker(x: Transfer): Promise<number> {
      await ctx.Sleep(LINE_MS)
      try {
        ctx.mem.write(x.target, sampleLine(x.channel, x.cb))
      } finally {
        x.release?.() // the data reaches the caller before the completion says so
        ctx.SetEvent(x.done)
        if (!usesAsyncBuffer) ctx.CloseHandle(x.done)
      }
      return 0
    }

    /** Run one transfer on a worker and wait for it; true when it completed in time. */
    async function transfer(x: Transfer): Promise<boolean> {
      const thread = ctx.CreateThread(() => worker(x), 0, { name: 'CaptureWorker' })
      const finished = (await ctx.WaitForSingleObject(x.done, TIMEOUT_MS)) === WAIT_OBJECT_0
      if (!finished) await ctx.WaitForSingleObject(thread, TIMEOUT_MS)
      ctx.CloseHandle(thread)
      return finished
    }

    /** CE5 shape: start the transfer and return; the worker closes the caller buffer when it is done. */
    function startLine(channel: number, pSamples: number, cb: number): boolean {
      const opened = ctx.CeOpenCallerBuffer(pSamples, cb, ARG_O_PTR, false)
      if (FAILED(opened.hr)) return fail()
      const x: Transfer = { channel, cb, target: opened.ptr, done: ctx.CreateEvent(false, false) }
      x.release = () => void ctx.CeCloseCallerBuffer(opened.ptr, pSamples, cb, ARG_O_PTR)
      pending.push(ctx.CreateThread(() => worker(x), 0, { name: 'CaptureWorker' }))
      return true
    }

    /** Close: wait for the transfers still running, then let their threads go. */
    async function Close(): Promise<boolean> {
      for (const thread of pending.splice(0)) {
        await ctx.WaitForSingleObject(thread, TIMEOUT_MS)
        ctx.CloseHandle(thread)
      }
      return true
    }

    async function captureLine(channel: number, pSamples: number, cb: number): Promise<boolean> {
      if (!usesAsyncBuffer) return startLine(channel, pSamples, cb)
      const opened = ctx.CeOpenCallerBuffer(pSamples, cb, ARG_O_PTR, false)
      if (FAILED(opened.hr)) return fail()
      const done = ctx.CreateEvent(false, false)
      try {
        const made = ctx.CeAllocAsynchronousBuffer(opened.ptr, cb, ARG_O_PTR)
        if (FAILED(made.hr)) return fail()
        const release = () => void ctx.CeFreeAsynchronousBuffer(made.ptr, opened.ptr, cb, ARG_O_PTR)
        return (await transfer({ channel, cb, target: made.ptr, done, release })) || fail()
      } finally {
        ctx.CloseHandle(done)
        ctx.CeCloseCallerBuffer(opened.ptr, pSamples, cb, ARG_O_PTR)
      }
    }

    async function IOControl(_h: number, code: number, pIn: ParamPtr, nIn: number): Promise<boolean> {
      if (code !== IOCTL_CAPTURE_LINE || !pIn || nIn < CAPTURE_REQUEST_SIZE) return fail()
      let channel: number, pSamples: number, cb: number
      try {
        channel = ctx.mem.readU32(pIn)
        pSamples = ctx.mem.readU32(offset(pIn, 4))
        cb = ctx.mem.readU32(offset(pIn, 8))
      } catch (e) {
        if (e instanceof AccessViolation) return fail()
        throw e
      }
      if (channel >= CHANNELS || cb === 0 || cb > MAX_SAMPLES) return fail()
      return captureLine(channel, pSamples, cb)
    }

    return { Init: () => 1, Deinit: () => true, Open: () => 1, Close, IOControl }
  })
}

export const buggy = makeCapture(false)
export const fixed = makeCapture(true)
