// legacy.dll ported to CE6 (see examples/legacy-ce5 for the CE5 original):
// - GET_INFO opens the embedded pointer with CeOpenCallerBuffer and closes it on every path;
// - READ_ASYNC opens the embedded buffer and makes an asynchronous buffer of it for the worker thread, which fills
//   and frees it; the call waits for the worker and then closes the caller buffer, which writes the capture back.
//   The caller no longer gets its data after the call returned: a user-mode driver cannot write caller memory
//   asynchronously (seed article, CE6-A06), so the exchange is synchronous for the caller and only the worker is
//   asynchronous — which still needs the asynchronous buffer in kernel mode (CE6-A01);
// - no UI: an unknown request fails with ERROR_INVALID_PARAMETER and the application shows what it wants;
// - the SysIntr comes from the registry (DDKReg_GetIsrInfo), so the reflector serves InterruptInitialize and the
//   driver runs in udevice.
import { AccessViolation, ARG_O_PTR, ERROR_INVALID_PARAMETER, INFINITE, WAIT_OBJECT_0, defineDriver, offset, type AsyncPtr, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'
import * as io from './ioctls.js'

interface Device {
  sysIntr: number
  hIntr: number
  hIst: number
  interrupts: number
  stopping: boolean
}

interface Capture {
  cb: number
  buffer: MarshalledPtr
  async: AsyncPtr
  done: number
}

/** How long READ_ASYNC waits for its worker (virtual ms); the capture takes CAPTURE_DELAY_MS. */
const CAPTURE_TIMEOUT_MS = 1000

export default defineDriver('legacy.dll', (ctx) => {
  const devices = new Map<number, Device>()
  let nextId = 1

  async function ist(d: Device): Promise<number> {
    for (;;) {
      await ctx.WaitForSingleObject(d.hIntr, INFINITE)
      if (d.stopping) return 0
      d.interrupts++
      ctx.InterruptDone(d.sysIntr)
    }
  }

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const isr = ctx.DDKReg_GetIsrInfo(hKey)
    ctx.RegCloseKey(hKey)
    if (!isr.ok || !isr.sysIntr) return 0
    const d: Device = { sysIntr: isr.sysIntr, hIntr: ctx.CreateEvent(false, false), hIst: 0, interrupts: 0, stopping: false }
    if (!ctx.InterruptInitialize(d.sysIntr, d.hIntr, 0, 0)) {
      ctx.CloseHandle(d.hIntr)
      return 0
    }
    d.hIst = ctx.CreateThread(() => ist(d), 0, { name: 'LegacyIST' })
    const id = nextId++
    devices.set(id, d)
    return id
  }

  async function Deinit(hDeviceContext: number): Promise<boolean> {
    const d = devices.get(hDeviceContext)
    if (!d) return false
    d.stopping = true
    ctx.SetEvent(d.hIntr)
    await ctx.WaitForSingleObject(d.hIst, 1000)
    ctx.InterruptDisable(d.sysIntr)
    ctx.CloseHandle(d.hIst)
    ctx.CloseHandle(d.hIntr)
    devices.delete(hDeviceContext)
    return true
  }

  function fail(): false {
    ctx.SetLastError(ERROR_INVALID_PARAMETER)
    return false
  }

  function infoText(d: Device): Uint8Array {
    return new TextEncoder().encode(`legacy.dll sysintr=${d.sysIntr} interrupts=${d.interrupts}\0`)
  }

  function getInfo(d: Device, pIn: ParamPtr): boolean {
    const src = ctx.mem.readU32(pIn)
    const cb = ctx.mem.readU32(offset(pIn, 4))
    const { hr, ptr } = ctx.CeOpenCallerBuffer(src, cb, ARG_O_PTR, true)
    if (hr !== 0) return fail()
    try {
      ctx.mem.write(ptr, infoText(d).subarray(0, cb))
    } finally {
      ctx.CeCloseCallerBuffer(ptr, src, cb, ARG_O_PTR)
    }
    return true
  }

  /** The worker: write the capture through the asynchronous buffer, free it (writing it back), signal the call. */
  async function complete(c: Capture): Promise<number> {
    await ctx.Sleep(io.CAPTURE_DELAY_MS)
    try {
      ctx.mem.fill(c.async, c.cb, 0x5a)
    } finally {
      ctx.CeFreeAsynchronousBuffer(c.async, c.buffer, c.cb, ARG_O_PTR)
      ctx.SetEvent(c.done)
    }
    return 0
  }

  async function readAsync(pIn: ParamPtr): Promise<boolean> {
    const src = ctx.mem.readU32(pIn)
    const cb = ctx.mem.readU32(offset(pIn, 4))
    const opened = ctx.CeOpenCallerBuffer(src, cb, ARG_O_PTR, true)
    if (opened.hr !== 0) return fail()
    const made = ctx.CeAllocAsynchronousBuffer(opened.ptr, cb, ARG_O_PTR)
    if (made.hr !== 0) {
      ctx.CeCloseCallerBuffer(opened.ptr, src, cb, ARG_O_PTR)
      return fail()
    }
    const capture: Capture = { cb, buffer: opened.ptr, async: made.ptr, done: ctx.CreateEvent(false, false) }
    const worker = ctx.CreateThread(() => complete(capture), 0, { name: 'LegacyCapture' })
    const finished = (await ctx.WaitForSingleObject(capture.done, CAPTURE_TIMEOUT_MS)) === WAIT_OBJECT_0
    ctx.CloseHandle(worker)
    ctx.CloseHandle(capture.done)
    ctx.CeCloseCallerBuffer(opened.ptr, src, cb, ARG_O_PTR)
    return finished || fail()
  }

  // The kernel checks the request buffer's range only, so an unmapped page faults when it is read: as a CE6 driver's
  // __try/__except around caller memory, the fault becomes ERROR_INVALID_PARAMETER (the conformance suite's
  // bad-pointer scenario found the CE5 code had none).
  async function IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number): Promise<boolean> {
    const d = devices.get(hOpen)
    if (!d || nIn < io.REQUEST_SIZE) return fail()
    try {
      if (code === io.IOCTL_LEG_GET_INFO) return await getInfo(d, pIn)
      if (code === io.IOCTL_LEG_READ_ASYNC) return await readAsync(pIn)
    } catch (e) {
      if (e instanceof AccessViolation) return fail()
      throw e
    }
    return fail()
  }

  return { Init, Deinit, Open: (hDeviceContext: number) => hDeviceContext, Close: () => true, IOControl }
})
