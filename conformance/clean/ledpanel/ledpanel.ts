// clean: a front-panel LED controller on memory-mapped registers; exercises: inline arrays of structs, enum and flag fields validated before any register write, MmMapIoSpace in both modes, per-device state read back from the hardware
// ledpanel.dll drives eight LEDs through a register block (IoBase/MemBase from the key): each LED has a CTRL register
// (mode in bits 0-1, flags above) and a BRIGHTNESS register. SET_LEDS takes LED_PANEL { dwMask; LED_STATE leds[8] }
// with LED_STATE { BYTE bMode; BYTE bBrightness; WORD wFlags }: the LEDs selected by dwMask are programmed, and only
// after every selected entry was checked, so a bad request leaves the panel as it was. GET_LEDS reads the registers
// back into the same layout.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type OwnPtr, type ParamPtr } from '@cedk/kernel'

export const IOCTL_LED_SET = 0x00236004
export const IOCTL_LED_GET = 0x00236008
export const LEDS = 8
export const PANEL_SIZE = 4 + LEDS * 4
export const MODE_OFF = 0
export const MODE_ON = 1
export const MODE_BLINK = 2
export const FLAG_INVERT = 1
export const FLAG_FADE = 2
const REG_STRIDE = 8

interface LedState {
  mode: number
  brightness: number
  flags: number
}

export default defineDriver('ledpanel.dll', (ctx: DriverContext) => {
  let regs: OwnPtr | 0 = 0
  let windowLen = 0
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function valid(s: LedState): boolean {
    return (s.mode === MODE_OFF || s.mode === MODE_ON || s.mode === MODE_BLINK) && (s.flags & ~(FLAG_INVERT | FLAG_FADE)) === 0
  }

  function readEntry(p: ParamPtr, i: number): LedState {
    const at = offset(p, 4 + 4 * i)
    return { mode: ctx.mem.readU8(at), brightness: ctx.mem.readU8(offset(at, 1)), flags: ctx.mem.readU16(offset(at, 2)) }
  }

  function program(r: OwnPtr, i: number, s: LedState): void {
    const at = offset(r, i * REG_STRIDE)
    ctx.mem.writeU32(offset(at, 4), s.brightness)
    ctx.mem.writeU32(at, s.mode | (s.flags << 2))
  }

  function set(r: OwnPtr, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < PANEL_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const mask = ctx.mem.readU32(pIn)
    if (mask > 0xff) return fail(ERROR_INVALID_PARAMETER)
    const wanted: [number, LedState][] = []
    for (let i = 0; i < LEDS; i++) if (mask & (1 << i)) wanted.push([i, readEntry(pIn, i)])
    if (!wanted.every(([, s]) => valid(s))) return fail(ERROR_INVALID_PARAMETER)
    for (const [i, s] of wanted) program(r, i, s)
    return true
  }

  function get(r: OwnPtr, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < PANEL_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    ctx.mem.writeU32(pOut, 0xff)
    for (let i = 0; i < LEDS; i++) {
      const ctrl = ctx.mem.readU32(offset(r, i * REG_STRIDE))
      const at = offset(pOut, 4 + 4 * i)
      ctx.mem.writeU8(at, ctrl & 3)
      ctx.mem.writeU8(offset(at, 1), ctx.mem.readU32(offset(r, i * REG_STRIDE + 4)) & 0xff)
      ctx.mem.writeU16(offset(at, 2), (ctrl >>> 2) & 0xffff)
    }
    if (pActual) ctx.mem.writeU32(pActual, PANEL_SIZE)
    return true
  }

  return {
    Init(pContext: string | number): number {
      const hKey = ctx.OpenDeviceKey(pContext)
      if (!hKey) return 0
      const windows = ctx.DDKReg_GetWindowInfo(hKey)
      ctx.RegCloseKey(hKey)
      const win = windows.ok ? windows.mem[0] : undefined
      if (!win || win.length < LEDS * REG_STRIDE) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), 0)
      regs = ctx.MmMapIoSpace(win.base, win.length, false)
      windowLen = win.length
      return regs ? 1 : 0
    },
    Deinit() {
      if (regs) ctx.MmUnmapIoSpace(regs, windowLen)
      regs = 0
      return true
    },
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      if (!regs) return fail(ERROR_INVALID_PARAMETER)
      try {
        if (code === IOCTL_LED_SET) return set(regs, pIn, nIn)
        if (code === IOCTL_LED_GET) return get(regs, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
