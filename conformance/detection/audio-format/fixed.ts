// wavdev.dll: an audio codec. IOCTL_WAV_SET_FORMAT takes { pFormat, cbFormat } naming a WAVEFORMATEX in the caller's
// memory; the driver opens it, checks that the codec supports it (PCM, 1 or 2 channels, 8 to 48 kHz, 8 or 16 bits)
// and programs the codec.
import { ARG_I_PTR, AccessViolation, ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED, FAILED, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'

export const IOCTL_WAV_SET_FORMAT = 0x80003414
const WAVE_FORMAT_PCM = 1
const WAVEFORMATEX_SIZE = 18

interface WaveFormat {
  tag: number
  channels: number
  rate: number
  bits: number
}

export default defineDriver('wavdev.dll', (ctx: DriverContext) => {
  let current: WaveFormat | null = null
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function readFormat(p: Ptr): WaveFormat {
    return { tag: ctx.mem.readU16(p), channels: ctx.mem.readU16(offset(p, 2)), rate: ctx.mem.readU32(offset(p, 4)), bits: ctx.mem.readU16(offset(p, 14)) }
  }

  const same = (a: WaveFormat, b: WaveFormat): boolean => a.tag === b.tag && a.channels === b.channels && a.rate === b.rate && a.bits === b.bits

  /** The codec restarts on every format change: an unchanged format is left alone. */
  function program(f: WaveFormat): void {
    if (current && same(current, f)) return
    current = f
  }

  const supported = (f: WaveFormat): boolean =>
    f.tag === WAVE_FORMAT_PCM && (f.channels === 1 || f.channels === 2) && f.rate >= 8000 && f.rate <= 48000 && (f.bits === 8 || f.bits === 16)

  function setFormat(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const raw = ctx.mem.readU32(pIn)
    const cb = ctx.mem.readU32(offset(pIn, 4))
    if (!raw || cb < WAVEFORMATEX_SIZE) return fail(ERROR_INVALID_PARAMETER)
    // A copy: the format is small, and the caller cannot change it while it is checked.
    const opened = ctx.CeOpenCallerBuffer(raw, cb, ARG_I_PTR, true)
    if (FAILED(opened.hr)) return fail(ERROR_INVALID_PARAMETER)
    const format = readFormat(opened.ptr)
    ctx.CeCloseCallerBuffer(opened.ptr, raw, cb, ARG_I_PTR)
    if (!supported(format)) return fail(ERROR_NOT_SUPPORTED)
    program(format)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn) {
      if (code !== IOCTL_WAV_SET_FORMAT) return fail(ERROR_INVALID_PARAMETER)
      try {
        return setFormat(pIn, nIn)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
