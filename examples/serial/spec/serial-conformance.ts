// serial.dll against the CE6 driver rules, in kernel mode and in udevice: the generated conformance suite, then
// the team's own checks with the framework's fixtures and matchers. The body takes the driver, so one spec runs
// against the TypeScript serial.dll (serial.conformance.test.ts) and the C one (examples/serial-c).
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { ERROR_INVALID_PARAMETER, GENERIC_READ, GENERIC_WRITE, Uart16550, type DriverModule } from '@cedk/kernel'
import { conformance, describeDriver } from '@cedk/conformance'
import * as io from '../src/ioctls.js'
import { serialIoctls } from '../src/descriptions.js'
import { serialModel } from './serial-model.js'

const registry = { file: 'serial.reg', text: readFileSync(new URL('../serial.reg', import.meta.url), 'utf8') }
const hardware = () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }]
const u32 = (v: number) => Array.from(new Uint8Array(new Uint32Array([v]).buffer))

/** The conformance spec of a serial.dll on the 16550 at 0x90000000 (serial.reg): `serial` is either driver. */
export function serialConformance(serial: DriverModule): void {
  // The IOCTL descriptions give the explicit scenarios their buffers and add the property suites (docs/properties.md).
  conformance(serial, { registry, hardware, ioctls: serialIoctls, model: serialModel })
  serialChecks(serial)
}

function serialChecks(serial: DriverModule): void {
  describeDriver(serial, { registry, hardware }, ({ test }) => {
    test('the baud rate set through COM1: reaches the UART', async ({ caller, device, hardware, violations }) => {
      const port = await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)
      expect(port).toSucceed()
      expect(await caller.ioctl(port.handle, io.IOCTL_SERIAL_SET_BAUD_RATE, u32(9600))).toSucceed()
      expect(hardware[0]!.device.baud).toBe(9600)
      expect(await caller.ioctl(port.handle, io.IOCTL_SERIAL_SET_BAUD_RATE, u32(1))).toFailWith(ERROR_INVALID_PARAMETER)
      expect(violations).toHaveNoViolations()
    })

    test('text written to COM1: goes out on the wire, and the driver leaks nothing', async ({ machine, caller, device, hardware, shutdown }) => {
      const port = await caller.CreateFile(device.name, GENERIC_WRITE)
      const buf = caller.alloc(16)
      caller.write(buf, 'hello')
      expect(await caller.WriteFile(port.handle, buf, 5)).toSucceed()
      await machine.advance(5)
      expect(hardware[0]!.device.sentText()).toBe('hello')
      expect(await caller.CloseHandle(port.handle)).toSucceed()
      expect(await shutdown()).toHaveNoViolations()
    })

    test('a kernel address as the output buffer is refused, not followed', async ({ caller, device, violations }) => {
      const port = await caller.CreateFile(device.name, GENERIC_READ)
      const r = await caller.DeviceIoControl(port.handle, io.IOCTL_SERIAL_GET_BAUD_RATE, 0, 0, 0x80001000, 4)
      expect(r).toFailWith('ERROR_INVALID_PARAMETER')
      expect(violations).not.toViolate('CE6-M02')
    })
  })
}
