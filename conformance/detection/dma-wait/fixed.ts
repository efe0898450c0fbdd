// dmaxfer.dll: a DMA channel driver. IOCTL_DMA_WAIT_DONE blocks (up to 100 ms) until the channel's transfer
// completes and returns the byte count. The IST completes the waiting request with the count in its record; the
// waiting thread, the caller's, writes it to the output buffer.
import { AccessViolation, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_TIMEOUT, INFINITE, WAIT_OBJECT_0, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'
import { DMA_ACK, DMA_COUNT, DMA_STATUS } from '../hardware.js'

export const IOCTL_DMA_WAIT_DONE = 0x80002008
const WAIT_MS = 100

interface Request {
  count: number
  hDone: number
  cancelled: boolean
}

interface Channel {
  regs: Ptr
  len: number
  sysIntr: number
  hIntr: number
  hIst: number
  stopping: boolean
  waiting: Request | null
}

export default defineDriver('dmaxfer.dll', (ctx: DriverContext) => {
  let ch: Channel | null = null

  const fail = (code: number): false => (ctx.SetLastError(code), false)
  const reg = (c: Channel, r: number) => offset(c.regs, r)

  function complete(c: Channel, count: number): void {
    const r = c.waiting
    if (!r) return
    c.waiting = null
    r.count = count
    ctx.SetEvent(r.hDone)
  }

  async function ist(c: Channel): Promise<number> {
    for (;;) {
      await ctx.WaitForSingleObject(c.hIntr, INFINITE)
      if (c.stopping) return 0
      const status = ctx.mem.readU32(reg(c, DMA_STATUS))
      ctx.mem.writeU32(reg(c, DMA_ACK), status)
      if (status) complete(c, ctx.mem.readU32(reg(c, DMA_COUNT)))
      ctx.InterruptDone(c.sysIntr)
    }
  }

  /** No count until a transfer completes; a buffer the caller cannot write fails the call here, before any wait. */
  function clearCount(pOut: ParamPtr): boolean {
    try {
      ctx.mem.writeU32(pOut, 0)
      return true
    } catch (e) {
      if (e instanceof AccessViolation) return false
      throw e
    }
  }

  async function waitDone(c: Channel, pOut: ParamPtr, nOut: number): Promise<boolean> {
    if (!pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    if (c.waiting) return fail(ERROR_INVALID_PARAMETER)
    if (!clearCount(pOut)) return fail(ERROR_INVALID_PARAMETER)
    const r: Request = { count: 0, hDone: ctx.CreateEvent(false, false), cancelled: false }
    if (!r.hDone) return false
    c.waiting = r
    const got = await ctx.WaitForSingleObject(r.hDone, WAIT_MS)
    if (c.waiting === r) c.waiting = null
    ctx.CloseHandle(r.hDone)
    if (r.cancelled) return fail(ERROR_INVALID_HANDLE)
    if (got !== WAIT_OBJECT_0) return fail(ERROR_TIMEOUT)
    ctx.mem.writeU32(pOut, r.count)
    return true
  }

  function cancelWaiter(): boolean {
    const r = ch?.waiting
    if (r) {
      r.cancelled = true
      ctx.SetEvent(r.hDone)
    }
    return true
  }

  function teardown(c: Channel): void {
    if (c.hIntr) ctx.CloseHandle(c.hIntr)
    ctx.MmUnmapIoSpace(c.regs, c.len)
  }

  return {
    Init(active) {
      const key = ctx.OpenDeviceKey(active)
      if (!key) return 0
      const win = ctx.DDKReg_GetWindowInfo(key)
      const isr = ctx.DDKReg_GetIsrInfo(key)
      ctx.RegCloseKey(key)
      const mem = win.ok ? win.mem[0] : undefined
      if (!mem || !isr.ok || !isr.sysIntr) return 0
      const regs = ctx.MmMapIoSpace(mem.base, mem.length, false)
      if (!regs) return 0
      const c: Channel = { regs, len: mem.length, sysIntr: isr.sysIntr, hIntr: ctx.CreateEvent(false, false), hIst: 0, stopping: false, waiting: null }
      if (!c.hIntr || !ctx.InterruptInitialize(c.sysIntr, c.hIntr, 0, 0)) {
        teardown(c)
        return 0
      }
      c.hIst = ctx.CreateThread(() => ist(c), 0, { name: 'DmaIST' })
      if (!c.hIst) {
        ctx.InterruptDisable(c.sysIntr)
        teardown(c)
        return 0
      }
      ch = c
      return 1
    },
    async Deinit() {
      const c = ch
      if (!c) return true
      c.stopping = true
      ctx.SetEvent(c.hIntr)
      await ctx.WaitForSingleObject(c.hIst, INFINITE)
      ctx.CloseHandle(c.hIst)
      ctx.InterruptDisable(c.sysIntr)
      teardown(c)
      ch = null
      return true
    },
    Open: () => 1,
    /** The handle (or the device) is going away: a caller still waiting gives up, so Close comes after it left. */
    PreClose: cancelWaiter,
    PreDeinit: cancelWaiter,
    Close: () => true,
    async IOControl(_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) {
      if (!ch) return fail(ERROR_INVALID_PARAMETER)
      if (code === IOCTL_DMA_WAIT_DONE) return waitDone(ch, pOut, nOut)
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
