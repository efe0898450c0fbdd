// rtclock.dll: the generated suite with plain sizes and with the nested records described, in both modes.
import { conformance, ioctl, struct, u16, u32 } from '@cedk/conformance'
import rtclock, { ALARM_SIZE, IOCTL_RTC_GET_ALARM, IOCTL_RTC_GET_TIME, IOCTL_RTC_SET_ALARM, IOCTL_RTC_SET_TIME, SYSTEMTIME_SIZE } from './rtclock.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\RtClock]
"Dll"="rtclock.dll"
"Prefix"="RTC"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const SYSTEMTIME = struct('SYSTEMTIME', {
  wYear: u16({ min: 1601, max: 30827 }),
  wMonth: u16({ min: 1, max: 12 }),
  wDayOfWeek: u16({ min: 0, max: 6 }),
  wDay: u16({ min: 1, max: 31 }),
  wHour: u16({ min: 0, max: 23 }),
  wMinute: u16({ min: 0, max: 59 }),
  wSecond: u16({ min: 0, max: 59 }),
  wMilliseconds: u16({ min: 0, max: 999 }),
})
const ALARM = struct('RTC_ALARM', { stTime: SYSTEMTIME, dwFlags: u32({ oneOf: [0, 1] }) })
// A valid SYSTEMTIME for the plain scenario: 2008-01-02 03:04:05.
const time = [0xd8, 0x07, 1, 0, 3, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0, 0]

conformance(rtclock, {
  registry,
  ioctls: [
    { name: 'SET_TIME', code: IOCTL_RTC_SET_TIME, inSize: SYSTEMTIME_SIZE, outSize: 0, input: time },
    { name: 'GET_TIME', code: IOCTL_RTC_GET_TIME, inSize: 0, outSize: SYSTEMTIME_SIZE },
    { name: 'SET_ALARM', code: IOCTL_RTC_SET_ALARM, inSize: ALARM_SIZE, outSize: 0, input: [...time, 1, 0, 0, 0] },
    { name: 'GET_ALARM', code: IOCTL_RTC_GET_ALARM, inSize: 0, outSize: ALARM_SIZE },
  ],
})

conformance(rtclock, {
  registry,
  numRuns: 12,
  ioctls: [
    ioctl('SET_TIME', IOCTL_RTC_SET_TIME, { in: SYSTEMTIME }),
    ioctl('GET_TIME', IOCTL_RTC_GET_TIME, { out: SYSTEMTIME }),
    ioctl('SET_ALARM', IOCTL_RTC_SET_ALARM, { in: ALARM }),
    ioctl('GET_ALARM', IOCTL_RTC_GET_ALARM, { out: ALARM }),
  ],
})
