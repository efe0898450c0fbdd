// legacy.dll: a capture driver written the CE5 way, kept as it was so the porting analyzer has something real to
// find. On CE6 every one of these is wrong:
// - GET_INFO "maps" the embedded pointer of its input with MapCallerPtr (a no-op stub in CE6);
// - READ_ASYNC completes on a worker thread inside a SetProcPermissions/SetKMode bracket (no-ops in CE6: the
//   worker sees whichever process ran last);
// - an unknown request shows a MessageBox (refused in the kernel);
// - Init asks the OAL for a SysIntr at run time and calls InterruptInitialize itself, which a user-mode driver
//   cannot do.
import { ERROR_INVALID_PARAMETER, INFINITE, IOCTL_HAL_REQUEST_SYSINTR, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import * as io from './ioctls.js'

interface Device {
  sysIntr: number
  hIntr: number
  hIst: number
  interrupts: number
  stopping: boolean
}

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

  function requestSysIntr(irq: number): number {
    const req = ctx.LocalAlloc(0, 4)
    ctx.mem.writeU32(req, irq)
    const ok = ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, req, 4, req, 4)
    const sysIntr = ok ? ctx.mem.readU32(req) : 0
    ctx.LocalFree(req)
    return sysIntr
  }

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const isr = ctx.DDKReg_GetIsrInfo(hKey)
    ctx.RegCloseKey(hKey)
    const sysIntr = isr.ok ? requestSysIntr(isr.irq) : 0
    if (!sysIntr) return 0
    const d: Device = { sysIntr, hIntr: ctx.CreateEvent(false, false), hIst: 0, interrupts: 0, stopping: false }
    if (!ctx.InterruptInitialize(sysIntr, d.hIntr, 0, 0)) {
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

  function infoText(d: Device): Uint8Array {
    return new TextEncoder().encode(`legacy.dll sysintr=${d.sysIntr} interrupts=${d.interrupts}\0`)
  }

  function IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    const d = devices.get(hOpen)
    if (!d) return false
    if (code === io.IOCTL_LEG_GET_INFO) {
      if (nIn < io.INFO_REQUEST_SIZE) return false
      const cb = ctx.mem.readU32(offset(pIn, 4))
      const text = ctx.MapCallerPtr(ctx.mem.readU32(pIn), cb)
      ctx.mem.write(text, infoText(d).subarray(0, cb))
      return true
    }
    if (code === io.IOCTL_LEG_READ_ASYNC) {
      const perms = ctx.GetCurrentPermissions()
      const worker = ctx.CreateThread(async () => {
        await ctx.Sleep(io.CAPTURE_DELAY_MS)
        const oldPerms = ctx.SetProcPermissions(perms)
        const oldMode = ctx.SetKMode(1)
        ctx.mem.fill(pOut, nOut, 0x5a)
        ctx.SetKMode(oldMode)
        ctx.SetProcPermissions(oldPerms)
        return 0
      })
      ctx.CloseHandle(worker)
      return true
    }
    ctx.MessageBox(0, `legacy.dll: unknown request 0x${code.toString(16)}`, 'Legacy driver')
    ctx.SetLastError(ERROR_INVALID_PARAMETER)
    return false
  }

  return { Init, Deinit, Open: (hDeviceContext: number) => hDeviceContext, Close: () => true, IOControl }
})
