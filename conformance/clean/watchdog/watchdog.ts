// clean: a hardware watchdog with a pre-timeout interrupt; exercises: kernel-only design, SysIntr requested from the OAL (IOCTL_HAL_REQUEST_SYSINTR) and released, IST, registers through MmMapIoSpace
// watchdog.dll is written the way many CE6 BSP drivers are: it reads only the IRQ from its key and asks the OAL for the
// SysIntr with KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR) — an OAL call udevice.exe may not make, so this is a
// kernel-mode driver by design and its spec runs it in kernel mode only. The IST counts pre-timeout warnings; KICK
// restarts the period; SET_TIMEOUT changes it (0 stops the watchdog); GET_STATUS reports { dwTimeout, dwWarnings }.
// Deinit stops the device, disables the interrupt and gives the SysIntr back (IOCTL_HAL_RELEASE_SYSINTR).
import {
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_PARAMETER,
  INFINITE,
  IOCTL_HAL_RELEASE_SYSINTR,
  IOCTL_HAL_REQUEST_SYSINTR,
  LMEM_ZEROINIT,
  defineDriver,
  offset,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'
import { KICK_MAGIC, REG_ACK, REG_KICK, REG_TIMEOUT } from './wdt-device.js'

export const IOCTL_WDT_KICK = 0x00231004
export const IOCTL_WDT_SET_TIMEOUT = 0x00231008
export const IOCTL_WDT_GET_STATUS = 0x0023100c
export const MAX_TIMEOUT_MS = 60000
const DEFAULT_TIMEOUT_MS = 500

interface Watchdog {
  regs: OwnPtr
  windowLen: number
  sysIntr: number
  hIntr: number
  hIst: number
  timeout: number
  warnings: number
  stopping: boolean
}

export default defineDriver('watchdog.dll', (ctx: DriverContext) => {
  let wdt: Watchdog | null = null
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  /** One DWORD in, one DWORD out through a scratch block of the driver's own heap: how the OAL is asked. */
  function halDword(code: number, value: number): number | null {
    const buf = ctx.LocalAlloc(LMEM_ZEROINIT, 4)
    if (!buf) return null
    try {
      ctx.mem.writeU32(buf, value)
      return ctx.KernelIoControl(code, buf, 4, buf, 4) ? ctx.mem.readU32(buf) : null
    } finally {
      ctx.LocalFree(buf)
    }
  }

  async function ist(w: Watchdog): Promise<number> {
    for (;;) {
      await ctx.WaitForSingleObject(w.hIntr, INFINITE)
      if (w.stopping) return 0
      w.warnings++
      ctx.mem.writeU32(offset(w.regs, REG_ACK), 1)
      ctx.InterruptDone(w.sysIntr)
    }
  }

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    const isr = ctx.DDKReg_GetIsrInfo(hKey)
    ctx.RegCloseKey(hKey)
    const win = windows.ok ? windows.mem[0] : undefined
    if (!win || win.length < 16 || !isr.ok || isr.irq === undefined) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), 0)
    const sysIntr = halDword(IOCTL_HAL_REQUEST_SYSINTR, isr.irq)
    if (!sysIntr) return 0
    const w: Watchdog = { regs: ctx.MmMapIoSpace(win.base, win.length, false), windowLen: win.length, sysIntr, hIntr: ctx.CreateEvent(false, false), hIst: 0, timeout: DEFAULT_TIMEOUT_MS, warnings: 0, stopping: false }
    if (w.regs && w.hIntr && ctx.InterruptInitialize(sysIntr, w.hIntr, 0, 0)) {
      w.hIst = ctx.CreateThread(() => ist(w), 0, { name: 'WdtIST' })
      if (w.hIst) {
        ctx.mem.writeU32(offset(w.regs, REG_TIMEOUT), w.timeout)
        wdt = w
        return 1
      }
      ctx.InterruptDisable(sysIntr)
    }
    if (w.hIntr) ctx.CloseHandle(w.hIntr)
    if (w.regs) ctx.MmUnmapIoSpace(w.regs, w.windowLen)
    halDword(IOCTL_HAL_RELEASE_SYSINTR, sysIntr)
    return 0
  }

  async function Deinit(): Promise<boolean> {
    const w = wdt
    if (!w) return false
    ctx.mem.writeU32(offset(w.regs, REG_TIMEOUT), 0)
    w.stopping = true
    ctx.SetEvent(w.hIntr)
    await ctx.WaitForSingleObject(w.hIst, INFINITE)
    ctx.InterruptDisable(w.sysIntr)
    ctx.CloseHandle(w.hIst)
    ctx.CloseHandle(w.hIntr)
    ctx.MmUnmapIoSpace(w.regs, w.windowLen)
    halDword(IOCTL_HAL_RELEASE_SYSINTR, w.sysIntr)
    wdt = null
    return true
  }

  function ioControl(w: Watchdog, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    switch (code) {
      case IOCTL_WDT_KICK:
        ctx.mem.writeU32(offset(w.regs, REG_KICK), KICK_MAGIC)
        return true
      case IOCTL_WDT_SET_TIMEOUT: {
        if (!pIn || nIn < 4) return fail(ERROR_INVALID_PARAMETER)
        const ms = ctx.mem.readU32(pIn)
        if (ms > MAX_TIMEOUT_MS || (ms !== 0 && ms < 10)) return fail(ERROR_INVALID_PARAMETER)
        w.timeout = ms
        ctx.mem.writeU32(offset(w.regs, REG_TIMEOUT), ms)
        return true
      }
      case IOCTL_WDT_GET_STATUS:
        if (!pOut || nOut < 8) return fail(ERROR_INSUFFICIENT_BUFFER)
        ctx.mem.writeU32(pOut, w.timeout)
        ctx.mem.writeU32(offset(pOut, 4), w.warnings)
        if (pActual) ctx.mem.writeU32(pActual, 8)
        return true
      default:
        return fail(ERROR_INVALID_PARAMETER)
    }
  }

  return {
    Init,
    Deinit,
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      if (!wdt) return fail(ERROR_INVALID_PARAMETER)
      try {
        return ioControl(wdt, code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
