// clean: a board temperature sensor read by the power manager; exercises: MmMapIoSpace of the registry window, device state checked before the caller's buffers (ERROR_NOT_READY until a conversion completes), __try/__except around output copies, both modes
//
// tempsens.dll drives a small ADC front end at the key's IoBase: CONTROL starts a conversion, STATUS says when one is
// done, DATA holds the raw count (0.0625 °C per count, two's complement, as on the usual I2C/SPI sensor parts).
// IOCTL_TEMP_START_CONVERSION kicks one off; IOCTL_TEMP_GET_READING returns the last completed reading and, like the
// power manager's other drivers, says ERROR_NOT_READY while none has completed — before it looks at the caller's
// buffer, since a poller asks with whatever buffer it has. IOCTL_TEMP_SET_ALARM sets the over-temperature threshold.
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

/** winerror.h; not among the kernel's named errors. */
export const ERROR_NOT_READY = 21

const FILE_DEVICE_TEMP = 0x8120
const ctl = (fn: number): number => ((FILE_DEVICE_TEMP << 16) | (fn << 2)) >>> 0
export const IOCTL_TEMP_START_CONVERSION = ctl(0x800)
export const IOCTL_TEMP_SET_ALARM = ctl(0x801)
export const IOCTL_TEMP_GET_READING = ctl(0x802)

/** Register offsets in the IoBase window. */
export const REG_CONTROL = 0x0
export const REG_STATUS = 0x4
export const REG_DATA = 0x8
export const REG_ALARM = 0xc
export const CONTROL_START = 1
export const STATUS_DONE = 1
const WINDOW_MIN = 0x10

/** TEMP_READING: milli-degrees Celsius (signed), the conversion's sequence number, the alarm flag. */
export const READING_SIZE = 12
/** TEMP_ALARM: the threshold in milli-degrees Celsius (signed), -55 °C to 125 °C as the part allows. */
export const ALARM_SIZE = 4
export const ALARM_MIN = -55_000
export const ALARM_MAX = 125_000

interface Sensor {
  regs: OwnPtr
  windowLen: number
  conversions: number
  alarmMilli: number
}

export default defineDriver('tempsens.dll', (ctx: DriverContext) => {
  const opens = new Set<number>()
  let sensor: Sensor | null = null
  let nextOpen = 1

  const fail = (code: number): false => {
    ctx.SetLastError(code)
    return false
  }
  const reg = (s: Sensor, r: number) => offset(s.regs, r)
  const milliOf = (raw: number): number => Math.round((((raw << 16) >> 16) * 1000) / 16) // 16-bit two's complement
  const alarmRaw = (milli: number): number => Math.round((milli * 16) / 1000) & 0xffff

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    ctx.RegCloseKey(hKey)
    const win = windows.ok ? (windows.io[0] ?? windows.mem[0]) : undefined
    if (!win || win.length < WINDOW_MIN) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    const regs = ctx.MmMapIoSpace(win.base, win.length, false)
    if (!regs) return 0
    sensor = { regs, windowLen: win.length, conversions: 0, alarmMilli: 85_000 }
    ctx.mem.writeU32(reg(sensor, REG_ALARM), alarmRaw(sensor.alarmMilli))
    return 1
  }

  function Deinit(): boolean {
    if (sensor) ctx.MmUnmapIoSpace(sensor.regs, sensor.windowLen)
    sensor = null
    return true
  }

  function getReading(s: Sensor, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    const status = ctx.mem.readU32(reg(s, REG_STATUS))
    if (!(status & STATUS_DONE)) return fail(ERROR_NOT_READY)
    if (!pOut || nOut < READING_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    const milli = milliOf(ctx.mem.readU32(reg(s, REG_DATA)) & 0xffff)
    const reading = new Uint8Array(READING_SIZE)
    putLE(reading, 0, 4, milli >>> 0)
    putLE(reading, 4, 4, s.conversions)
    putLE(reading, 8, 4, milli >= s.alarmMilli ? 1 : 0)
    ctx.mem.write(pOut, reading)
    if (pActual) ctx.mem.writeU32(pActual, READING_SIZE)
    return true
  }

  function setAlarm(s: Sensor, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < ALARM_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const milli = ctx.mem.readU32(pIn) | 0
    if (milli < ALARM_MIN || milli > ALARM_MAX) return fail(ERROR_INVALID_PARAMETER)
    s.alarmMilli = milli
    ctx.mem.writeU32(reg(s, REG_ALARM), alarmRaw(milli))
    return true
  }

  function dispatch(s: Sensor, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    switch (code) {
      case IOCTL_TEMP_START_CONVERSION:
        ctx.mem.writeU32(reg(s, REG_CONTROL), CONTROL_START)
        s.conversions++
        return true
      case IOCTL_TEMP_SET_ALARM:
        return setAlarm(s, pIn, nIn)
      case IOCTL_TEMP_GET_READING:
        return getReading(s, pOut, nOut, pActual)
      default:
        return fail(ERROR_INVALID_PARAMETER)
    }
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
      if (!opens.has(hOpen) || !sensor) return fail(ERROR_INVALID_HANDLE)
      try {
        return dispatch(sensor, code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
