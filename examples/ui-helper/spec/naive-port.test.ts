// Why the helper DLL: the CE5-era way, MessageBox straight from the kernel-mode driver, fails in CE6 (CE6-U01).
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { IDOK, defineDriver } from '@cedk/kernel'
import { describeDriver } from '@cedk/conformance'
import * as io from '../src/ioctls.js'

const registry = { file: 'battmon.reg', text: readFileSync(new URL('../battmon.reg', import.meta.url), 'utf8') }
const level = (percent: number) => [percent, 0, 0, 0]

const naive = defineDriver('battmon.dll', (ctx) => ({
  Init: () => 1,
  Deinit: () => true,
  Open: () => 1,
  Close: () => true,
  IOControl: () => ctx.MessageBox(0, 'Battery low', 'Battery') === IDOK,
}))

describeDriver(naive, { registry, modes: ['kernel'] }, ({ test }) => {
  test('the naive port calls MessageBox in the kernel: it fails, and breaks CE6-U01', async ({ machine, caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    expect(await caller.ioctl(h, io.IOCTL_BATTERY_SET_LEVEL, level(5))).toFailWith('ERROR_NOT_SUPPORTED')
    expect(machine.gwes.events).toEqual([])
    expect(violations).toViolate('CE6-U01')
  })
})
