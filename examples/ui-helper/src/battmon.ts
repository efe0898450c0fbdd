// battmon.dll: a kernel-mode battery monitor. When the charge falls below the key's WarnLevel it warns the user. A
// kernel-mode driver cannot show UI (MessageBox fails with ERROR_NOT_SUPPORTED: CE6-U01), so the UI lives in a
// companion user-mode DLL, battui.dll, called through CeCallUserProc with one flat in-buffer and one flat
// out-buffer, both the driver's own memory.
import {
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  REG_DWORD,
  defineDriver,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'
import * as io from './ioctls.js'
import { ANSWER_SIZE, WARNING_SIZE, encodeWarning } from './warning-blob.js'

const DEFAULT_WARN_LEVEL = 10

interface Battery {
  warnLevel: number
  level: number
  warningsShown: number
  lastAnswer: number
}

export default defineDriver('battmon.dll', (ctx: DriverContext) => {
  const batteries = new Map<number, Battery>()
  const opens = new Map<number, Battery>()
  let next = 1

  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function readWarnLevel(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return DEFAULT_WARN_LEVEL
    const v = ctx.RegQueryValueEx(hKey, 'WarnLevel').value
    ctx.RegCloseKey(hKey)
    return v?.type === REG_DWORD ? (v.data as number) : DEFAULT_WARN_LEVEL
  }

  /** CeCallUserProc with buffers the driver owns; the answer, or 0 when the helper could not be called. */
  async function warn(b: Battery): Promise<number> {
    const pIn = ctx.LocalAlloc(0, WARNING_SIZE)
    const pOut = ctx.LocalAlloc(0, ANSWER_SIZE)
    const pReturned = ctx.LocalAlloc(0, 4)
    let answer = 0
    if (pIn && pOut && pReturned) {
      ctx.mem.write(pIn, encodeWarning({ level: b.level, text: `Battery low: ${b.level}% left. Connect the charger.` }))
      const ok = await ctx.CeCallUserProc('battui.dll', 'ShowBatteryWarning', pIn, WARNING_SIZE, pOut, ANSWER_SIZE, pReturned)
      if (ok && ctx.mem.readU32(pReturned) === ANSWER_SIZE) answer = ctx.mem.readU32(pOut)
    }
    for (const p of [pIn, pOut, pReturned]) if (p) ctx.LocalFree(p)
    return answer
  }

  async function setLevel(b: Battery, pIn: ParamPtr, nIn: number): Promise<boolean> {
    if (!pIn || nIn < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    const level = ctx.mem.readU32(pIn)
    if (level > 100) return fail(ERROR_INVALID_PARAMETER)
    const crossed = level < b.warnLevel && b.level >= b.warnLevel
    b.level = level
    if (crossed) {
      b.lastAnswer = await warn(b)
      b.warningsShown++
    }
    return true
  }

  function getStatus(b: Battery, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < io.STATUS_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    ctx.mem.write(pOut, new Uint8Array(new Uint32Array([b.level, b.warningsShown, b.lastAnswer]).buffer))
    if (pActual) ctx.mem.writeU32(pActual, io.STATUS_SIZE)
    return true
  }

  async function IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
    const b = opens.get(hOpen)
    if (!b) return fail(ERROR_INVALID_HANDLE)
    try {
      if (code === io.IOCTL_BATTERY_SET_LEVEL) return await setLevel(b, pIn, nIn)
      if (code === io.IOCTL_BATTERY_GET_STATUS) return getStatus(b, pOut, nOut, pActual)
      return fail(ERROR_INVALID_PARAMETER)
    } catch (e) {
      if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
      throw e
    }
  }

  return {
    Init(pContext: string | number) {
      batteries.set(next, { warnLevel: readWarnLevel(pContext), level: 100, warningsShown: 0, lastAnswer: 0 })
      return next++
    },
    Deinit: (h: number) => batteries.delete(h),
    Open(h: number) {
      const b = batteries.get(h)
      if (!b) return (ctx.SetLastError(ERROR_INVALID_HANDLE), 0)
      opens.set(next, b)
      return next++
    },
    Close: (h: number) => opens.delete(h),
    IOControl,
  }
})
