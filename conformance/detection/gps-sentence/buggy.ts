// gpsnmea.dll: a GPS receiver. IOCTL_GPS_INJECT_SENTENCE takes { pSentence, cchSentence } naming an NMEA sentence
// ("$GPGGA,…*hh") in the caller's memory; the driver takes a copy for its parser, finds the sentence type, checks
// the checksum and returns the type.
import { ARG_I_PTR, AccessViolation, ERROR_INVALID_DATA, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'

export const IOCTL_GPS_INJECT_SENTENCE = 0x80003010
const MAX_SENTENCE = 82

const TYPES: Record<string, number> = { GGA: 1, RMC: 2, GSV: 3 }

interface Sentence {
  raw: number
  cch: number
  marshalled: Ptr
  text: Uint8Array
}

export default defineDriver('gpsnmea.dll', (ctx: DriverContext) => {
  let lastType = 0
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function checksumOk(text: Uint8Array): boolean {
    const star = text.lastIndexOf(0x2a)
    if (text[0] !== 0x24 || star < 1 || star + 3 > text.length) return false
    let sum = 0
    for (let i = 1; i < star; i++) sum ^= text[i]!
    return parseInt(String.fromCharCode(text[star + 1]!, text[star + 2]!), 16) === sum
  }

  function open(raw: number, cch: number): Sentence | null {
    const { hr, ptr } = ctx.CeOpenCallerBuffer(raw, cch, ARG_I_PTR, false)
    if (FAILED(hr)) return null
    const s: Sentence = { raw, cch, marshalled: ptr, text: ctx.mem.read(ptr, cch) }
    ctx.CeCloseCallerBuffer(ptr, raw, cch, ARG_I_PTR)
    return s
  }

  /** "$GPGGA,…": the three letters after the talker id. */
  function sentenceType(s: Sentence): number {
    const tag = String.fromCharCode(...ctx.mem.read(offset(s.marshalled, 3), 3))
    return TYPES[tag] ?? 0
  }

  function inject(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < 8 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const raw = ctx.mem.readU32(pIn)
    const cch = ctx.mem.readU32(offset(pIn, 4))
    if (!raw || cch < 9 || cch > MAX_SENTENCE) return fail(ERROR_INVALID_PARAMETER)
    const s = open(raw, cch)
    if (!s) return fail(ERROR_INVALID_PARAMETER)
    const type = sentenceType(s)
    if (!checksumOk(s.text)) return fail(ERROR_INVALID_DATA)
    lastType = type
    ctx.mem.writeU32(pOut, lastType)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_GPS_INJECT_SENTENCE) return fail(ERROR_INVALID_PARAMETER)
      try {
        return inject(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
