// clean: a multi-probe temperature sensor with defaults; exercises: optional lpInBuf (NULL means the default probe), optional lpOutBuf on CONFIGURE (NULL: the caller does not want the old settings), both modes
// tempsensor.dll reads four probes. READ takes an optional DWORD probe number (lpInBuf NULL: the default probe, as
// the registry's DefaultProbe sets it) and returns { lTenthsCelsius, dwProbe }. CONFIGURE takes { dwProbe,
// dwAveraging } and, when lpOutBuf is given, returns the settings it replaced. Readings are a function of the probe
// and how many readings it gave, so both modes read the same values.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, REG_DWORD, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_TEMP_READ = 0x00233004
export const IOCTL_TEMP_CONFIGURE = 0x00233008
export const PROBES = 4
const MAX_AVERAGING = 16

interface Probe {
  averaging: number
  readings: number
}

export default defineDriver('tempsensor.dll', (ctx: DriverContext) => {
  const probes: Probe[] = Array.from({ length: PROBES }, () => ({ averaging: 1, readings: 0 }))
  let defaultProbe = 0
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const v = ctx.RegQueryValueEx(hKey, 'DefaultProbe').value
    ctx.RegCloseKey(hKey)
    if (v?.type === REG_DWORD && (v.data as number) < PROBES) defaultProbe = v.data as number
    return 1
  }

  /** Tenths of a degree: 21.0 °C plus a probe offset, drifting with the number of readings, smoothed by averaging. */
  function temperature(n: number, p: Probe): number {
    p.readings++
    return 210 + n * 15 + Math.floor(((p.readings * 7) % 20) / p.averaging)
  }

  function read(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 8) return fail(ERROR_INSUFFICIENT_BUFFER)
    // No probe given — lpInBuf NULL or zero bytes long (the reflector passes NULL for an empty buffer) — is the default.
    const given = !!pIn && nIn > 0
    if (given && nIn < 4) return fail(ERROR_INVALID_PARAMETER)
    const n = given ? ctx.mem.readU32(pIn) : defaultProbe
    if (n >= PROBES) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, temperature(n, probes[n]!))
    ctx.mem.writeU32(offset(pOut, 4), n)
    if (pActual) ctx.mem.writeU32(pActual, 8)
    return true
  }

  function configure(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const wantsOld = !!pOut && nOut > 0 // as above: an empty lpOutBuf is no lpOutBuf
    if (wantsOld && nOut < 8) return fail(ERROR_INSUFFICIENT_BUFFER)
    const n = ctx.mem.readU32(pIn)
    const averaging = ctx.mem.readU32(offset(pIn, 4))
    if (n >= PROBES || averaging === 0 || averaging > MAX_AVERAGING) return fail(ERROR_INVALID_PARAMETER)
    const p = probes[n]!
    if (wantsOld) {
      ctx.mem.writeU32(pOut, n)
      ctx.mem.writeU32(offset(pOut, 4), p.averaging)
      if (pActual) ctx.mem.writeU32(pActual, 8)
    }
    p.averaging = averaging
    return true
  }

  return {
    Init,
    Deinit: () => true,
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        if (code === IOCTL_TEMP_READ) return read(pIn, nIn, pOut, nOut, pActual)
        if (code === IOCTL_TEMP_CONFIGURE) return configure(pIn, nIn, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
