// eeprom.dll: a 256-byte configuration EEPROM (board serial number, MAC address, calibration). IOCTL_EEPROM_READ
// takes { offset, count } and returns that many bytes (count 0: as many as the output buffer holds). Ported from CE5: the buffers are still "mapped" into the
// driver's view with MapCallerPtr before use.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_EEPROM_READ = 0x80004428
const EEPROM_SIZE = 256

export default defineDriver('eeprom.dll', (ctx: DriverContext) => {
  // The contents as the factory programmed them: a header word, then a serial number.
  const image = new Uint8Array(EEPROM_SIZE).map((_, i) => (i < 4 ? [0x45, 0x45, 0x01, 0x00][i]! : (i * 7) & 0xff))
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function read(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const request = ctx.MapCallerPtr(pIn, nIn)
    const at = ctx.mem.readU32(request)
    const count = ctx.mem.readU32(offset(request, 4)) || Math.min(nOut, EEPROM_SIZE - at)
    if (at >= EEPROM_SIZE || count > EEPROM_SIZE - at || count > nOut || !pOut) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.write(ctx.MapCallerPtr(pOut, nOut), image.subarray(at, at + count))
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_EEPROM_READ) return fail(ERROR_INVALID_PARAMETER)
      try {
        return read(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
