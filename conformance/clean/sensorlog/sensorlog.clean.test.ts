// sensorlog.dll: the generated suite with plain sizes and with the records described, in both modes.
import { arrayOf, conformance, ioctl, ptr, struct, u16, u32 } from '@cedk/conformance'
import sensorlog, { IOCTL_LOG_POST, IOCTL_LOG_READ, MAX_BATCH, RECORD_SIZE } from './sensorlog.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\EventLog]
"Dll"="sensorlog.dll"
"Prefix"="EVL"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const RECORD = struct('EVENT_RECORD', { dwTime: u32(), wSource: u16(), wCode: u16(), dwValue: u32() })
const READ = struct('LOG_READ', { pRecords: ptr(arrayOf(RECORD, MAX_BATCH), { dir: 'out', count: 'cMax' }), cMax: u32({ min: 0, max: MAX_BATCH }) })
const COUNT = struct('LOG_COUNT', { cRead: u32() })

conformance(sensorlog, {
  registry,
  ioctls: [
    { name: 'POST', code: IOCTL_LOG_POST, inSize: RECORD_SIZE, outSize: 0 },
    // cMax 0 with a NULL pRecords in the plain scenario: an empty batch.
    { name: 'READ', code: IOCTL_LOG_READ, inSize: 8, outSize: 4 },
  ],
})

conformance(sensorlog, {
  registry,
  numRuns: 12,
  ioctls: [ioctl('POST', IOCTL_LOG_POST, { in: RECORD }), ioctl('READ', IOCTL_LOG_READ, { in: READ, out: COUNT })],
})
