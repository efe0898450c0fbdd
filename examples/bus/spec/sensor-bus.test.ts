// The bus and its clients on plain machines: activation order, the controller's transfers, hot removal.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { createMachine } from '@cedk/kernel'
import sbus from '../src/sbus.js'
import { light, temperature } from '../src/clients.js'
import { IOCTL_SBUS_SAMPLE_ALL, IOCTL_SENSOR_READ } from '../src/ioctls.js'
import { SensorBusController } from '../src/sensor-bus-controller.js'

const registry = { file: 'bus.reg', text: readFileSync(new URL('../bus.reg', import.meta.url), 'utf8') }
const u32 = (out: Uint8Array, i = 0) => new DataView(out.buffer, out.byteOffset).getUint32(4 * i, true)

async function boot() {
  const controller = new SensorBusController().set(0x48, 0x00, 0x1600).set(0x23, 0x10, 80)
  const m = createMachine({ drivers: [sbus, temperature, light], registry, hardware: [{ base: 0xa0000000, device: controller }] })
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\SensorBus')
  expect(act.error).toBe('ERROR_SUCCESS')
  return { m, controller, hBus: act.handle, app: m.createProcess('app.exe') }
}

test('activating the bus activates its clients, all in one udevice', async () => {
  const { m } = await boot()
  expect(m.devices().map((d) => [d.name, d.dll])).toEqual([['SBU1', 'sbus.dll'], ['TMP1', 'tmpsens.dll'], ['LUX1', 'luxsens.dll']])
  expect(m.udevices.list()).toHaveLength(1)
})

test('a reading follows the device register, one bus transfer each', async () => {
  const { app, controller } = await boot()
  const h = (await app.CreateFile('TMP1:')).handle
  expect(u32((await app.ioctl(h, IOCTL_SENSOR_READ, [], 4)).output)).toBe(2200)
  controller.set(0x48, 0x00, 0x1a40)
  const before = controller.transfers
  expect(u32((await app.ioctl(h, IOCTL_SENSOR_READ, [], 4)).output)).toBe(2625)
  expect(controller.transfers - before).toBe(1)
})

test('a device that does not answer makes its client fail the read', async () => {
  const controller = new SensorBusController().set(0x48, 0x00, 0x1600) // no light sensor on the wire
  const m = createMachine({ drivers: [sbus, temperature, light], registry, hardware: [{ base: 0xa0000000, device: controller }] })
  await m.ActivateDeviceEx('Drivers\\BuiltIn\\SensorBus')
  const app = m.createProcess('app.exe')
  expect((await app.ioctl((await app.CreateFile('LUX1:')).handle, IOCTL_SENSOR_READ, [], 4)).error).toBe('ERROR_GEN_FAILURE')
})

test('deactivating the bus takes its clients down first and leaks nothing', async () => {
  const { m, hBus, app } = await boot()
  const h = (await app.CreateFile('SBU1:')).handle
  expect(u32((await app.ioctl(h, IOCTL_SBUS_SAMPLE_ALL, [], 20)).output)).toBe(2)
  await app.CloseHandle(h)
  expect((await m.DeactivateDevice(hBus)).ok).toBe(true)
  expect(m.devices()).toEqual([])
  expect((await m.shutdown()).leaks).toEqual([])
})
