// tempsensor.dll: the generated suite with plain sizes and with the IOCTLs described, in both modes, and the
// optional buffers used as an application uses them: READ's probe and CONFIGURE's read-back are optional, so the
// spec says so (NULL there is no bad pointer).
import { conformance, describeDriver, ioctl, struct, u32 } from '@cedk/conformance'
import { expect } from 'vitest'
import tempsensor, { IOCTL_TEMP_CONFIGURE, IOCTL_TEMP_READ, PROBES } from './tempsensor.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\TempSensor]
"Dll"="tempsensor.dll"
"Prefix"="TMP"
"Index"=dword:1
"DefaultProbe"=dword:2
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const PROBE = struct('TEMP_PROBE', { dwProbe: u32({ min: 0, max: PROBES - 1 }) })
const READING = struct('TEMP_READING', { lTenthsCelsius: u32(), dwProbe: u32() })
const SETTINGS = struct('TEMP_SETTINGS', { dwProbe: u32({ min: 0, max: PROBES - 1 }), dwAveraging: u32({ min: 1, max: 16 }) })

conformance(tempsensor, {
  registry,
  ioctls: [
    { name: 'READ', code: IOCTL_TEMP_READ, inSize: 4, outSize: 8, optional: { in: true } },
    { name: 'CONFIGURE', code: IOCTL_TEMP_CONFIGURE, inSize: 8, outSize: 8, input: [1, 0, 0, 0, 4, 0, 0, 0], optional: { out: true } },
  ],
})

conformance(tempsensor, {
  registry,
  numRuns: 12,
  ioctls: [
    ioctl('READ', IOCTL_TEMP_READ, { in: PROBE, out: READING, optional: { in: true } }),
    ioctl('CONFIGURE', IOCTL_TEMP_CONFIGURE, { in: SETTINGS, out: SETTINGS, optional: { out: true } }),
  ],
})

describeDriver(tempsensor, { registry }, ({ test }) => {
  test('READ without lpInBuf reads the default probe; CONFIGURE without lpOutBuf just applies', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const out = caller.alloc(8)
    expect(await caller.DeviceIoControl(h, IOCTL_TEMP_READ, 0, 0, out, 8)).toSucceed()
    expect(caller.readU32(out + 4)).toBe(2)
    const settings = caller.alloc(8)
    caller.writeU32(settings, 2)
    caller.writeU32(settings + 4, 4)
    expect(await caller.DeviceIoControl(h, IOCTL_TEMP_CONFIGURE, settings, 8, 0, 0)).toSucceed()
    expect(violations).toHaveNoViolations()
  })
})
