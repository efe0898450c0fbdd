// battmon.dll against the CE6 rules. It is a kernel-mode driver by design (CeCallUserProc is how a kernel-mode
// driver reaches UI), so the generated suite runs in kernel mode; battui.dll is in the machine's DLL catalogue.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { IDOK } from '@cedk/kernel'
import { conformance, describeDriver } from '@cedk/conformance'
import battmon from '../src/battmon.js'
import battui from '../src/battui.js'
import * as io from '../src/ioctls.js'

const registry = { file: 'battmon.reg', text: readFileSync(new URL('../battmon.reg', import.meta.url), 'utf8') }
const level = (percent: number) => [percent, 0, 0, 0]

conformance(battmon, {
  registry,
  modes: ['kernel'],
  drivers: [battui],
  ioctls: [
    { name: 'BATTERY_SET_LEVEL', code: io.IOCTL_BATTERY_SET_LEVEL, inSize: 4, outSize: 0, input: level(5) },
    { name: 'BATTERY_GET_STATUS', code: io.IOCTL_BATTERY_GET_STATUS, inSize: 0, outSize: io.STATUS_SIZE },
  ],
})

describeDriver(battmon, { registry, modes: ['kernel'], drivers: [battui] }, ({ test }) => {
  test('falling below WarnLevel shows one warning, through the helper in udevice.exe', async ({ machine, caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    for (const percent of [50, 11, 9, 8]) expect(await caller.ioctl(h, io.IOCTL_BATTERY_SET_LEVEL, level(percent))).toSucceed()
    expect(machine.gwes.events).toMatchObject([{ api: 'MessageBox', text: 'Battery low: 9% left. Connect the charger.', driver: 'battui.dll', process: 'udevice.exe' }])
    const status = await caller.ioctl(h, io.IOCTL_BATTERY_GET_STATUS, [], io.STATUS_SIZE)
    expect(Array.from(new Uint32Array(status.output.slice().buffer))).toEqual([8, 1, IDOK])
    expect(violations).toHaveNoViolations()
  })

  test('a level above 100% is refused', async ({ caller, device }) => {
    const h = (await caller.CreateFile(device.name)).handle
    expect(await caller.ioctl(h, io.IOCTL_BATTERY_SET_LEVEL, level(101))).toFailWith('ERROR_INVALID_PARAMETER')
  })
})
