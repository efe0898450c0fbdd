// watchdog.dll, a kernel-mode design (it asks the OAL for its SysIntr): the generated suite with plain sizes and with
// the IOCTLs described, in kernel mode only, and the pre-timeout interrupt seen through GET_STATUS.
import { conformance, describeDriver, ioctl, struct, u32 } from '@cedk/conformance'
import { expect } from 'vitest'
import watchdog, { IOCTL_WDT_GET_STATUS, IOCTL_WDT_KICK, IOCTL_WDT_SET_TIMEOUT, MAX_TIMEOUT_MS } from './watchdog.js'
import { WatchdogDevice } from './wdt-device.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Watchdog]
"Dll"="watchdog.dll"
"Prefix"="WDT"
"Index"=dword:1
"MemBase"=dword:90020000
"MemLen"=dword:10
"Irq"=dword:6
`
const hardware = () => [{ base: 0x90020000, device: new WatchdogDevice(), irq: 6 }]
const TIMEOUT = struct('WDT_TIMEOUT', { dwTimeoutMs: u32({ oneOf: [0, 10, 100, 500, MAX_TIMEOUT_MS] }) })
const STATUS = struct('WDT_STATUS', { dwTimeoutMs: u32(), dwWarnings: u32() })

conformance(watchdog, {
  registry,
  hardware,
  modes: ['kernel'],
  ioctls: [
    { name: 'KICK', code: IOCTL_WDT_KICK, inSize: 0, outSize: 0 },
    { name: 'SET_TIMEOUT', code: IOCTL_WDT_SET_TIMEOUT, inSize: 4, outSize: 0, input: [100, 0, 0, 0] },
    { name: 'GET_STATUS', code: IOCTL_WDT_GET_STATUS, inSize: 0, outSize: 8 },
  ],
})

conformance(watchdog, {
  registry,
  hardware,
  modes: ['kernel'],
  numRuns: 12,
  ioctls: [ioctl('KICK', IOCTL_WDT_KICK), ioctl('SET_TIMEOUT', IOCTL_WDT_SET_TIMEOUT, { in: TIMEOUT }), ioctl('GET_STATUS', IOCTL_WDT_GET_STATUS, { out: STATUS })],
})

describeDriver(watchdog, { registry, hardware, modes: ['kernel'] }, ({ test }) => {
  test('a period without a kick raises the pre-timeout interrupt; kicks in time prevent it', async ({ caller, device, machine, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    expect(await caller.ioctl(h, IOCTL_WDT_SET_TIMEOUT, [50, 0, 0, 0], 0)).toSucceed()
    for (let i = 0; i < 4; i++) {
      await machine.advance(40)
      expect(await caller.ioctl(h, IOCTL_WDT_KICK, [], 0)).toSucceed()
    }
    await machine.advance(120)
    const status = await caller.ioctl(h, IOCTL_WDT_GET_STATUS, [], 8)
    expect(status).toSucceed()
    expect([...status.output]).toEqual([50, 0, 0, 0, 2, 0, 0, 0])
    expect(violations).toHaveNoViolations()
  })
})
