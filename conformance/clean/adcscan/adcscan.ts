// clean: a kernel-mode ADC scanner that fills the caller's buffer after the call returns; exercises: async completion in kernel mode (CeAllocAsynchronousBuffer on lpOutBuf, a worker thread, CeFlushAsynchronousBuffer/CeFreeAsynchronousBuffer), a write-back failure reported at the wait instead of a fault, Close cancelling pending scans, kernel-only design
//
// adcscan.dll drives an 8-channel ADC at the key's IoBase. IOCTL_ADC_SCAN takes ADC_SCAN_REQ (a channel mask and
// the number of passes) and the caller's ADC_SAMPLES buffer, and returns at once: the driver re-marshals lpOutBuf
// with CeAllocAsynchronousBuffer and queues the scan; its worker thread samples the channels (one pass per
// millisecond), writes the samples through the asynchronous buffer, flushes it and frees it. IOCTL_ADC_WAIT blocks
// until the handle's scans are done and reports how the last one ended: a buffer the caller could not take the
// samples into (read-only, say) fails the wait with ERROR_INVALID_PARAMETER, as the write-back failed, not the scan.
import {
  ARG_O_PTR,
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_TIMEOUT,
  FAILED,
  INFINITE,
  WAIT_OBJECT_0,
  defineDriver,
  offset,
  putLE,
  type AsyncPtr,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'

const FILE_DEVICE_ADC = 0x8180
const ctl = (fn: number): number => ((FILE_DEVICE_ADC << 16) | (fn << 2)) >>> 0
export const IOCTL_ADC_SCAN = ctl(0x800)
export const IOCTL_ADC_WAIT = ctl(0x801)

export const CHANNELS = 8
/** ADC_SCAN_REQ: ChannelMask (bits 0–7), Passes (1–4). */
export const REQ_SIZE = 8
export const MAX_PASSES = 4
/** ADC_SAMPLES: the number of samples, then up to CHANNELS × MAX_PASSES 16-bit samples. */
export const SAMPLES_SIZE = 4 + 2 * CHANNELS * MAX_PASSES
/** Register of channel n: 0x4 × n, 12-bit result. */
export const REG_CHANNEL = (n: number): number => 4 * n
const WAIT_MS = 1000

interface Scan {
  open: Open
  mask: number
  passes: number
  out: AsyncPtr
  pOut: ParamPtr
  done: boolean
}

interface Open {
  scans: Set<Scan>
  /** Manual-reset: signalled while the handle has no scan in flight (and by PreClose, to wake a waiter). */
  hIdle: number
  lastError: number
  closing: boolean
}

export default defineDriver('adcscan.dll', (ctx: DriverContext) => {
  const opens = new Map<number, Open>()
  const queue: Scan[] = []
  let regs: OwnPtr | null = null
  let windowLen = 0
  let hWork = 0
  let hWorker = 0
  let stopping = false
  let nextOpen = 1

  const fail = (code: number): false => {
    ctx.SetLastError(code)
    return false
  }

  /** The samples back to the caller, then the buffer released; a failed write-back is the scan's result. */
  function complete(s: Scan, samples: Uint8Array | null): void {
    let hr = 0
    if (samples) {
      ctx.mem.write(s.out, samples)
      hr = ctx.CeFlushAsynchronousBuffer(s.out, s.pOut, s.pOut, SAMPLES_SIZE, ARG_O_PTR)
    }
    const freed = ctx.CeFreeAsynchronousBuffer(s.out, s.pOut, SAMPLES_SIZE, ARG_O_PTR)
    if (samples) s.open.lastError = FAILED(hr) || FAILED(freed) ? ERROR_INVALID_PARAMETER : 0
    s.done = true
    s.open.scans.delete(s)
    if (s.open.scans.size === 0) ctx.SetEvent(s.open.hIdle)
  }

  async function scan(s: Scan): Promise<void> {
    const samples = new Uint8Array(SAMPLES_SIZE)
    let n = 0
    for (let pass = 0; pass < s.passes; pass++) {
      await ctx.Sleep(1)
      if (s.done) return // the handle closed meanwhile: Close released the buffer
      for (let ch = 0; ch < CHANNELS; ch++) {
        if (!(s.mask & (1 << ch))) continue
        putLE(samples, 4 + 2 * n++, 2, ctx.mem.readU32(offset(regs!, REG_CHANNEL(ch))) & 0xfff)
      }
    }
    putLE(samples, 0, 4, n)
    complete(s, samples)
  }

  async function worker(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hWork, INFINITE)
      for (let s = queue.shift(); s && !stopping; s = queue.shift()) if (!s.done) await scan(s)
    }
    return 0
  }

  function start(o: Open, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < REQ_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const mask = ctx.mem.readU32(pIn)
    const passes = ctx.mem.readU32(offset(pIn, 4))
    if (!mask || mask >= 1 << CHANNELS || passes < 1 || passes > MAX_PASSES) return fail(ERROR_INVALID_PARAMETER)
    if (!pOut || nOut < SAMPLES_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    const out = ctx.CeAllocAsynchronousBuffer(pOut, SAMPLES_SIZE, ARG_O_PTR)
    if (FAILED(out.hr)) return fail(ERROR_INVALID_PARAMETER)
    const s: Scan = { open: o, mask, passes, out: out.ptr, pOut, done: false }
    o.scans.add(s)
    ctx.ResetEvent(o.hIdle)
    queue.push(s)
    ctx.SetEvent(hWork)
    return true
  }

  async function wait(o: Open): Promise<boolean> {
    if ((await ctx.WaitForSingleObject(o.hIdle, WAIT_MS)) !== WAIT_OBJECT_0) return fail(ERROR_TIMEOUT)
    if (o.closing) return fail(ERROR_INVALID_HANDLE)
    return o.lastError ? fail(o.lastError) : true
  }

  function closeOpen(hOpen: number): boolean {
    const o = opens.get(hOpen)
    if (!o) return false
    for (const s of [...o.scans]) complete(s, null)
    ctx.CloseHandle(o.hIdle)
    opens.delete(hOpen)
    return true
  }

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    ctx.RegCloseKey(hKey)
    const win = windows.ok ? (windows.io[0] ?? windows.mem[0]) : undefined
    if (!win || win.length < 4 * CHANNELS) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    regs = ctx.MmMapIoSpace(win.base, win.length, false)
    windowLen = win.length
    hWork = regs ? ctx.CreateEvent(false, false) : 0
    hWorker = hWork ? ctx.CreateThread(worker, 0, { name: 'adc-scan' }) : 0
    if (hWorker) return 1
    if (hWork) ctx.CloseHandle(hWork)
    if (regs) ctx.MmUnmapIoSpace(regs, windowLen)
    return 0
  }

  async function Deinit(): Promise<boolean> {
    stopping = true
    ctx.SetEvent(hWork)
    await ctx.WaitForSingleObject(hWorker, WAIT_MS)
    for (const hOpen of [...opens.keys()]) closeOpen(hOpen)
    ctx.CloseHandle(hWorker)
    ctx.CloseHandle(hWork)
    if (regs) ctx.MmUnmapIoSpace(regs, windowLen)
    return true
  }

  return {
    Init,
    PreDeinit: () => true,
    Deinit,
    Open(): number {
      const hIdle = ctx.CreateEvent(true, true)
      if (!hIdle) return 0
      opens.set(nextOpen, { scans: new Set(), hIdle, lastError: 0, closing: false })
      return nextOpen++
    },
    /** The handle is closing: wake a caller blocked in IOCTL_ADC_WAIT so Close can run. */
    PreClose(hOpen: number): boolean {
      const o = opens.get(hOpen)
      if (!o) return false
      o.closing = true
      return ctx.SetEvent(o.hIdle)
    },
    /** The handle is closed (its process may be exiting): pending scans are cancelled and their buffers freed. */
    Close: closeOpen,
    async IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): Promise<boolean> {
      const o = opens.get(hOpen)
      if (!o) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_ADC_SCAN) return start(o, pIn, nIn, pOut, nOut)
        if (code === IOCTL_ADC_WAIT) return await wait(o)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
