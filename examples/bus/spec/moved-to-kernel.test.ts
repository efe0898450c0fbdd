// What breaks when the bus and its clients no longer share one process (CE6-C02): a function table is valid only in
// the process that exported it, so a client in the kernel cannot attach to a bus in udevice, nor clients in udevice
// to a bus in the kernel. The fix is the registry, not the code: one UserProcGroup for all of them.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { describeDriver } from '@cedk/conformance'
import sbus from '../src/sbus.js'
import { light, temperature } from '../src/clients.js'
import { IOCTL_SBUS_SAMPLE_ALL } from '../src/ioctls.js'
import { SensorBusController } from '../src/sensor-bus-controller.js'

const registry = { file: 'bus.reg', text: readFileSync(new URL('../bus.reg', import.meta.url), 'utf8') }
const hardware = () => [{ base: 0xa0000000, device: new SensorBusController().set(0x48, 0x00, 0x1980).set(0x23, 0x10, 420) }]
const drivers = [temperature, light]
const u32s = (out: Uint8Array) => Array.from(new Uint32Array(out.slice().buffer))

// The temperature client moved to the kernel (its Flags cleared), the bus and the light client left in udevice.
const clientInKernel = { file: 'bus.reg', text: registry.text.replace(/("BusAddress"=dword:48\r?\n)"Flags"=dword:10/, '$1"Flags"=dword:0') }

describeDriver(sbus, { registry: clientInKernel, hardware, drivers, modes: ['udevice'] }, ({ test }) => {
  test('a client moved to the kernel cannot call the bus table in udevice: CE6-C02, and it does not load', async ({ machine, caller, device, violations }) => {
    expect(machine.registry.openKey('Drivers\\SensorBus\\Temperature')!.getDword('Flags')).toBe(0)
    const all = await caller.ioctl((await caller.CreateFile(device.name)).handle, IOCTL_SBUS_SAMPLE_ALL, [], 20)
    expect(u32s(all.output).slice(0, 3)).toEqual([1, 0x23, 420]) // only the light client attached
    expect(await caller.CreateFile('TMP1:')).toFailWith('ERROR_DEV_NOT_EXIST')
    expect(violations).toViolate('CE6-C02')
  })
})

describeDriver(sbus, { registry, hardware, drivers, modes: ['kernel'] }, ({ test }) => {
  test('the bus moved to the kernel, its clients left in udevice: the same break from the other side', async ({ caller, device, violations }) => {
    const all = await caller.ioctl((await caller.CreateFile(device.name)).handle, IOCTL_SBUS_SAMPLE_ALL, [], 20)
    expect(u32s(all.output)[0]).toBe(0)
    expect(violations).toViolate('CE6-C02')
  })
})
