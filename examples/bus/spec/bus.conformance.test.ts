// The sensor bus against the CE6 rules. The bus and its clients call each other's function tables, so they are
// meant to run together in one udevice: the generated suite runs sbus.dll in udevice mode (its clients are loaded by
// their own keys, also in udevice). moved-to-kernel.test.ts shows what breaks when one side is moved to the kernel.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { conformance, describeDriver } from '@cedk/conformance'
import sbus from '../src/sbus.js'
import { light, temperature } from '../src/clients.js'
import { IOCTL_SBUS_SAMPLE_ALL, IOCTL_SENSOR_READ } from '../src/ioctls.js'
import { SensorBusController } from '../src/sensor-bus-controller.js'

const registry = { file: 'bus.reg', text: readFileSync(new URL('../bus.reg', import.meta.url), 'utf8') }
const hardware = () => [{ base: 0xa0000000, device: new SensorBusController().set(0x48, 0x00, 0x1980).set(0x23, 0x10, 420) }]
const drivers = [temperature, light]
const u32s = (out: Uint8Array) => Array.from(new Uint32Array(out.slice().buffer))

conformance(sbus, {
  registry,
  hardware,
  drivers,
  modes: ['udevice'],
  ioctls: [{ name: 'SBUS_SAMPLE_ALL', code: IOCTL_SBUS_SAMPLE_ALL, inSize: 0, outSize: 20 }],
})

describeDriver(sbus, { registry, hardware, drivers, modes: ['udevice'] }, ({ test }) => {
  test('the bus samples both clients through their tables; each client reads its device through the bus', async ({ machine, caller, device, violations }) => {
    const all = await caller.ioctl((await caller.CreateFile(device.name)).handle, IOCTL_SBUS_SAMPLE_ALL, [], 20)
    expect(all).toSucceed()
    expect(u32s(all.output)).toEqual([2, 0x48, 2550, 0x23, 420])
    const tmp = await caller.ioctl((await caller.CreateFile('TMP1:')).handle, IOCTL_SENSOR_READ, [], 4)
    expect(u32s(tmp.output)).toEqual([2550])
    expect(machine.udevices.list().map((h) => h.volume)).toEqual(['$udevice_0003']) // one host for all three
    expect(violations).toHaveNoViolations()
  })
})
