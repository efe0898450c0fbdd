// backlight.dll in both modes, on a register file standing in for the PWM block: the generated scenarios with the
// plain IOCTL sizes (NULL optional where the driver says so), the property suites from the descriptions, and the
// "Restore" path.
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE, RegisterFile } from '@cedk/kernel'
import { conformance, describeDriver, ioctl, propertySuites, struct, u32 } from '@cedk/conformance'
import backlight, { IOCTL_BKL_GET_LEVEL, IOCTL_BKL_SET_LEVEL, LEVEL_SIZE, REG_DUTY, STATE_SIZE } from './backlight.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Backlight]
"Dll"="backlight.dll"
"Prefix"="BKL"
"Index"=dword:1
"IoBase"=dword:90020000
"IoLen"=dword:8
"DefaultLevel"=dword:3c
`
const hardware = () => [{ base: 0x90020000, device: new RegisterFile(0x8, 'pwm') }] as const

const BKL_LEVEL = struct('BKL_LEVEL', { Level: u32({ min: 0, max: 100 }) })
const BKL_STATE = struct('BKL_STATE', { Level: u32({ min: 0, max: 100 }), Default: u32({ oneOf: [60] }) })

conformance(backlight, {
  registry,
  hardware,
  ioctls: [
    { name: 'SET_LEVEL', code: IOCTL_BKL_SET_LEVEL, inSize: LEVEL_SIZE, outSize: LEVEL_SIZE, input: [25, 0, 0, 0], optional: { in: true, out: true } },
    { name: 'GET_LEVEL', code: IOCTL_BKL_GET_LEVEL, inSize: 0, outSize: STATE_SIZE },
  ],
})

propertySuites(backlight, {
  registry,
  hardware,
  ioctls: [ioctl('SET_LEVEL', IOCTL_BKL_SET_LEVEL, { in: BKL_LEVEL, out: BKL_LEVEL, optional: { in: true, out: true } }), ioctl('GET_LEVEL', IOCTL_BKL_GET_LEVEL, { out: BKL_STATE })],
  numRuns: 50,
})

describeDriver(backlight, { registry, hardware }, ({ test }) => {
  test('NULL restores the default level; the previous level comes back when asked for', async ({ caller, device, hardware: [pwm], violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const duty = () => (pwm!.device as RegisterFile).read(REG_DUTY, 1)
    expect(duty()).toBe(153) // 60 %
    expect(await caller.ioctl(h, IOCTL_BKL_SET_LEVEL, [100, 0, 0, 0], 0)).toSucceed()
    expect(duty()).toBe(255)
    const restore = await caller.DeviceIoControl(h, IOCTL_BKL_SET_LEVEL, 0, 0, caller.alloc(LEVEL_SIZE), LEVEL_SIZE)
    expect(restore).toSucceed()
    expect(duty()).toBe(153)
    const state = await caller.ioctl(h, IOCTL_BKL_GET_LEVEL, [], STATE_SIZE)
    expect([...state.output]).toEqual([60, 0, 0, 0, 60, 0, 0, 0])
    expect(violations).toHaveNoViolations()
  })
})
