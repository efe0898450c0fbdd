// clean: a real-time clock with an alarm; exercises: nested structs, first-level buffers only, per-device state, both modes
// rtclock.dll keeps a wall-clock time that advances with the system tick and one alarm. SET_TIME and SET_ALARM take
// RTC_ALARM-like records with a nested SYSTEMTIME; GET_TIME returns one. Every field is range-checked before anything
// is stored, as the CE RTC code does with SYSTEMTIME, so a bad record changes nothing.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_RTC_SET_TIME = 0x00229004
export const IOCTL_RTC_GET_TIME = 0x00229008
export const IOCTL_RTC_SET_ALARM = 0x0022900c
export const IOCTL_RTC_GET_ALARM = 0x00229010

/** SYSTEMTIME: eight WORDs. */
export const SYSTEMTIME_SIZE = 16
/** { SYSTEMTIME stTime; DWORD dwFlags; } */
export const ALARM_SIZE = 20

interface SystemTime {
  year: number
  month: number
  dayOfWeek: number
  day: number
  hour: number
  minute: number
  second: number
  milliseconds: number
}

const FIELDS = ['year', 'month', 'dayOfWeek', 'day', 'hour', 'minute', 'second', 'milliseconds'] as const

function valid(t: SystemTime): boolean {
  return t.year >= 1601 && t.year <= 30827 && t.month >= 1 && t.month <= 12 && t.dayOfWeek <= 6 && t.day >= 1 && t.day <= 31 && t.hour <= 23 && t.minute <= 59 && t.second <= 59 && t.milliseconds <= 999
}

export default defineDriver('rtclock.dll', (ctx: DriverContext) => {
  let now: SystemTime = { year: 2008, month: 1, dayOfWeek: 2, day: 1, hour: 0, minute: 0, second: 0, milliseconds: 0 }
  let alarm: { time: SystemTime; flags: number } | null = null
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function readTime(p: ParamPtr): SystemTime {
    const t = {} as SystemTime
    FIELDS.forEach((f, i) => (t[f] = ctx.mem.readU16(offset(p, 2 * i))))
    return t
  }

  function writeTime(p: ParamPtr, t: SystemTime): void {
    FIELDS.forEach((f, i) => ctx.mem.writeU16(offset(p, 2 * i), t[f]))
  }

  function ioControl(code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    const wants = (n: number) => !!pIn && nIn >= n
    const room = (n: number) => !!pOut && nOut >= n
    switch (code) {
      case IOCTL_RTC_SET_TIME: {
        if (!wants(SYSTEMTIME_SIZE)) return fail(ERROR_INVALID_PARAMETER)
        const t = readTime(pIn)
        if (!valid(t)) return fail(ERROR_INVALID_PARAMETER)
        now = t
        return true
      }
      case IOCTL_RTC_GET_TIME:
        if (!room(SYSTEMTIME_SIZE)) return fail(ERROR_INSUFFICIENT_BUFFER)
        writeTime(pOut, now)
        if (pActual) ctx.mem.writeU32(pActual, SYSTEMTIME_SIZE)
        return true
      case IOCTL_RTC_SET_ALARM: {
        if (!wants(ALARM_SIZE)) return fail(ERROR_INVALID_PARAMETER)
        const time = readTime(pIn)
        const flags = ctx.mem.readU32(offset(pIn, SYSTEMTIME_SIZE))
        if (!valid(time) || flags > 1) return fail(ERROR_INVALID_PARAMETER)
        alarm = { time, flags }
        return true
      }
      case IOCTL_RTC_GET_ALARM:
        if (!room(ALARM_SIZE)) return fail(ERROR_INSUFFICIENT_BUFFER)
        if (!alarm) return fail(ERROR_INVALID_PARAMETER)
        writeTime(pOut, alarm.time)
        ctx.mem.writeU32(offset(pOut, SYSTEMTIME_SIZE), alarm.flags)
        if (pActual) ctx.mem.writeU32(pActual, ALARM_SIZE)
        return true
      default:
        return fail(ERROR_INVALID_PARAMETER)
    }
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        return ioControl(code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
