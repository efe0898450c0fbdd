// clean: a display backlight on a PWM block; exercises: optional lpInBuf (NULL restores the registry's default level), optional lpOutBuf (the previous level, when the caller wants it), registry defaults read in Init, MmMapIoSpace of the window, both modes
//
// backlight.dll sets the duty cycle of the backlight PWM at the key's IoBase (DUTY register, 0–255). Levels are
// percentages. IOCTL_BKL_SET_LEVEL takes a BKL_LEVEL, or NULL to go back to the key's "DefaultLevel" (the control
// panel's "Restore" button does that), and writes the level it replaced into lpOutBuf when the caller passes one.
// IOCTL_BKL_GET_LEVEL returns the current and default levels.
import {
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  defineDriver,
  offset,
  putLE,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'

const FILE_DEVICE_BKL = 0x8160
const ctl = (fn: number): number => ((FILE_DEVICE_BKL << 16) | (fn << 2)) >>> 0
export const IOCTL_BKL_SET_LEVEL = ctl(0x800)
export const IOCTL_BKL_GET_LEVEL = ctl(0x801)

export const REG_DUTY = 0x0
export const REG_ENABLE = 0x4
const WINDOW_MIN = 0x8
/** BKL_LEVEL: one DWORD, a percentage. */
export const LEVEL_SIZE = 4
/** BKL_STATE: the current level and the default one. */
export const STATE_SIZE = 8
const BUILT_IN_DEFAULT = 80

interface Pwm {
  regs: OwnPtr
  windowLen: number
  level: number
  defaultLevel: number
}

export default defineDriver('backlight.dll', (ctx: DriverContext) => {
  let pwm: Pwm | null = null
  const opens = new Set<number>()
  let nextOpen = 1

  const fail = (code: number): false => {
    ctx.SetLastError(code)
    return false
  }

  function defaultLevelOf(hKey: number): number {
    const v = ctx.RegQueryValueEx(hKey, 'DefaultLevel')
    return v.value?.type === 4 && v.value.data <= 100 ? v.value.data : BUILT_IN_DEFAULT
  }

  function apply(p: Pwm, level: number): void {
    p.level = level
    ctx.mem.writeU32(offset(p.regs, REG_DUTY), Math.round((level * 255) / 100))
    ctx.mem.writeU32(offset(p.regs, REG_ENABLE), level ? 1 : 0)
  }

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    const defaultLevel = defaultLevelOf(hKey)
    ctx.RegCloseKey(hKey)
    const win = windows.ok ? (windows.io[0] ?? windows.mem[0]) : undefined
    if (!win || win.length < WINDOW_MIN) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    const regs = ctx.MmMapIoSpace(win.base, win.length, false)
    if (!regs) return 0
    pwm = { regs, windowLen: win.length, level: 0, defaultLevel }
    apply(pwm, defaultLevel)
    return 1
  }

  function Deinit(): boolean {
    if (pwm) ctx.MmUnmapIoSpace(pwm.regs, pwm.windowLen)
    pwm = null
    return true
  }

  function setLevel(p: Pwm, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (pIn && nIn < LEVEL_SIZE) return fail(ERROR_INVALID_PARAMETER)
    if (pOut && nOut < LEVEL_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    const level = pIn ? ctx.mem.readU32(pIn) : p.defaultLevel
    if (level > 100) return fail(ERROR_INVALID_PARAMETER)
    // The previous level goes out before the PWM changes: a fault on lpOutBuf leaves the backlight as it was.
    if (pOut) ctx.mem.writeU32(pOut, p.level)
    if (pActual) ctx.mem.writeU32(pActual, pOut ? LEVEL_SIZE : 0)
    apply(p, level)
    return true
  }

  function getLevel(p: Pwm, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < STATE_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    const state = new Uint8Array(STATE_SIZE)
    putLE(state, 0, 4, p.level)
    putLE(state, 4, 4, p.defaultLevel)
    ctx.mem.write(pOut, state)
    if (pActual) ctx.mem.writeU32(pActual, STATE_SIZE)
    return true
  }

  return {
    Init,
    Deinit,
    Open(): number {
      const h = nextOpen++
      opens.add(h)
      return h
    },
    Close: (hOpen: number): boolean => opens.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      if (!opens.has(hOpen) || !pwm) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_BKL_SET_LEVEL) return setLevel(pwm, pIn, nIn, pOut, nOut, pActual)
        if (code === IOCTL_BKL_GET_LEVEL) return getLevel(pwm, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
