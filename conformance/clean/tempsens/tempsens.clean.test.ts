// tempsens.dll in both modes, on a register file standing in for the sensor: the generated scenarios and property
// suites from the descriptions, and a reading once the part reports a completed conversion.
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE, RegisterFile } from '@cedk/kernel'
import { conformance, describeDriver, i32, ioctl, struct, u32 } from '@cedk/conformance'
import tempsens, { ERROR_NOT_READY, IOCTL_TEMP_GET_READING, IOCTL_TEMP_SET_ALARM, IOCTL_TEMP_START_CONVERSION, READING_SIZE, REG_DATA, REG_STATUS, STATUS_DONE } from './tempsens.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\TempSensor]
"Dll"="tempsens.dll"
"Prefix"="TMP"
"Index"=dword:1
"IoBase"=dword:90010000
"IoLen"=dword:10
`
const hardware = () => [{ base: 0x90010000, device: new RegisterFile(0x10, 'tempsens') }] as const

const TEMP_ALARM = struct('TEMP_ALARM', { ThresholdMilliC: i32({ min: -55_000, max: 125_000 }) })
const TEMP_READING = struct('TEMP_READING', { MilliC: i32(), Conversion: u32(), Alarm: u32({ oneOf: [0, 1] }) })

// GET_READING last: after the bad-pointer calls the scenario closes its handle with the last error they left.
const described = [
  ioctl('START_CONVERSION', IOCTL_TEMP_START_CONVERSION),
  ioctl('SET_ALARM', IOCTL_TEMP_SET_ALARM, { in: TEMP_ALARM }),
  ioctl('GET_READING', IOCTL_TEMP_GET_READING, { out: TEMP_READING }),
] as const

conformance(tempsens, { registry, hardware, ioctls: described, numRuns: 50 })

describeDriver(tempsens, { registry, hardware }, ({ test }) => {
  test('not ready until the part completes a conversion, then the reading in milli-degrees', async ({ caller, device, hardware: [adc], violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    expect(await caller.ioctl(h, IOCTL_TEMP_GET_READING, [], READING_SIZE)).toFailWith(ERROR_NOT_READY)
    expect(await caller.ioctl(h, IOCTL_TEMP_START_CONVERSION, [], 0)).toSucceed()
    const regs = adc!.device as RegisterFile
    regs.write(REG_DATA, 4, 0x0190) // 400 counts = 25 °C
    regs.write(REG_STATUS, 4, STATUS_DONE)
    const r = await caller.ioctl(h, IOCTL_TEMP_GET_READING, [], READING_SIZE)
    expect(r).toSucceed()
    expect([...r.output]).toEqual([0xa8, 0x61, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    expect(await caller.CloseHandle(h)).toSucceed()
    expect(violations).toHaveNoViolations()
  })
})
