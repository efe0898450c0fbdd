// clean: an 8-channel ADC read through its interrupt; exercises: interrupt-driven completion, IST on simulated hardware, MmIoSpace registers, a mutex serializing callers, both modes
// adcsampler.dll maps the converter's registers (IoBase/IoLen), binds its SysIntr (from the registry, so the
// reflector serves InterruptInitialize in udevice too) to an event and runs an IST. SAMPLE takes the channel
// (lpInBuf, a DWORD), starts a conversion under the device mutex and waits for the IST to signal that the interrupt
// came; the IST reads DATA, acknowledges the device, records the sample and calls InterruptDone. A conversion that
// never completes times out with ERROR_TIMEOUT instead of hanging the caller.
import {
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_PARAMETER,
  ERROR_TIMEOUT,
  INFINITE,
  WAIT_OBJECT_0,
  defineDriver,
  offset,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'
import { REG_CTRL, REG_DATA, REG_STATUS } from './adc-device.js'

export const IOCTL_ADC_SAMPLE = 0x0022f004
export const CHANNELS = 8
const SAMPLE_TIMEOUT_MS = 50

interface Adc {
  regs: OwnPtr
  windowLen: number
  sysIntr: number
  hIntr: number
  hDone: number
  hLock: number
  hIst: number
  sample: number
  stopping: boolean
}

export default defineDriver('adcsampler.dll', (ctx: DriverContext) => {
  const devices = new Map<number, Adc>()
  let nextId = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  async function ist(d: Adc): Promise<number> {
    for (;;) {
      await ctx.WaitForSingleObject(d.hIntr, INFINITE)
      if (d.stopping) return 0
      d.sample = ctx.mem.readU32(offset(d.regs, REG_DATA))
      ctx.mem.writeU32(offset(d.regs, REG_STATUS), 0)
      ctx.SetEvent(d.hDone)
      ctx.InterruptDone(d.sysIntr)
    }
  }

  function release(d: Adc): void {
    for (const h of [d.hIst, d.hLock, d.hDone, d.hIntr]) if (h) ctx.CloseHandle(h)
    if (d.regs) ctx.MmUnmapIoSpace(d.regs, d.windowLen)
  }

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    const isr = ctx.DDKReg_GetIsrInfo(hKey)
    ctx.RegCloseKey(hKey)
    const win = windows.ok ? (windows.mem[0] ?? windows.io[0]) : undefined
    if (!win || win.length < 12 || !isr.ok || !isr.sysIntr) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), 0)
    const d: Adc = { regs: ctx.MmMapIoSpace(win.base, win.length, false), windowLen: win.length, sysIntr: isr.sysIntr, hIntr: ctx.CreateEvent(false, false), hDone: ctx.CreateEvent(false, false), hLock: ctx.CreateMutex(false), hIst: 0, sample: 0, stopping: false }
    if (!d.regs || !d.hIntr || !d.hDone || !d.hLock || !ctx.InterruptInitialize(d.sysIntr, d.hIntr, 0, 0)) {
      release(d)
      return 0
    }
    d.hIst = ctx.CreateThread(() => ist(d), 0, { name: 'AdcIST' })
    if (!d.hIst) {
      ctx.InterruptDisable(d.sysIntr)
      release(d)
      return 0
    }
    devices.set(nextId, d)
    return nextId++
  }

  async function Deinit(hDevice: number): Promise<boolean> {
    const d = devices.get(hDevice)
    if (!d) return false
    d.stopping = true
    ctx.SetEvent(d.hIntr)
    await ctx.WaitForSingleObject(d.hIst, INFINITE)
    ctx.InterruptDisable(d.sysIntr)
    release(d)
    devices.delete(hDevice)
    return true
  }

  /** One conversion: start it, wait for the IST, return the sample (null on a timeout). */
  async function convert(d: Adc, channel: number): Promise<number | null> {
    if ((await ctx.WaitForSingleObject(d.hLock, INFINITE)) !== WAIT_OBJECT_0) return null
    try {
      ctx.ResetEvent(d.hDone)
      ctx.mem.writeU32(offset(d.regs, REG_CTRL), channel)
      if ((await ctx.WaitForSingleObject(d.hDone, SAMPLE_TIMEOUT_MS)) !== WAIT_OBJECT_0) return null
      return d.sample
    } finally {
      ctx.ReleaseMutex(d.hLock)
    }
  }

  async function IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
    const d = devices.get(hOpen)
    if (!d || code !== IOCTL_ADC_SAMPLE) return fail(ERROR_INVALID_PARAMETER)
    try {
      if (!pIn || nIn < 4) return fail(ERROR_INVALID_PARAMETER)
      if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
      const channel = ctx.mem.readU32(pIn)
      if (channel >= CHANNELS) return fail(ERROR_INVALID_PARAMETER)
      const sample = await convert(d, channel)
      if (sample === null) return fail(ERROR_TIMEOUT)
      ctx.mem.writeU32(pOut, sample)
      if (pActual) ctx.mem.writeU32(pActual, 4)
      return true
    } catch (e) {
      if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
      throw e
    }
  }

  return { Init, Deinit, Open: (hDevice: number) => hDevice, Close: () => true, IOControl }
})
