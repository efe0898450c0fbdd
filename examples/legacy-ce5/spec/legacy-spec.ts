// The CE5-era driver's conformance spec body, for any build of legacy.dll (the TypeScript original here, the C one
// in examples/legacy-ce5-c). It *expects* the violations: in the kernel the driver works the CE5 way and breaks the
// CE6 rules doing it; in udevice it does not even load (it asks the OAL for a SysIntr, which user mode may not).
import { describeDriver } from '@cedk/conformance'
import { Uart16550, type DriverModule } from '@cedk/kernel'
import { expect } from 'vitest'
import { IOCTL_LEG_GET_INFO, IOCTL_LEG_READ_ASYNC, KEY } from './run-legacy.js'

const hardware = () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }]

/** The registry file the spec boots from: `{ file, text }` (the file name is what reports show). */
export type RegistryFile = { file: string; text: string }

export function legacySpec(legacy: DriverModule, registry: RegistryFile): void {
  describeDriver(legacy, { registry, hardware, modes: ['kernel'] }, ({ test }) => {
    test('GET_INFO through MapCallerPtr and READ_ASYNC under SetKMode work, and break the CE6 rules', async ({ machine, caller, device, violations }) => {
      const h = (await caller.CreateFile(device.name)).handle
      const text = caller.alloc(64)
      const req = caller.alloc(8)
      caller.writeU32(req, text)
      caller.writeU32(req + 4, 64)
      expect(await caller.DeviceIoControl(h, IOCTL_LEG_GET_INFO, req, 8, 0, 0)).toSucceed()
      expect(new TextDecoder('latin1').decode(caller.read(text, 22))).toBe('legacy.dll sysintr=19 ')
      const out = caller.alloc(16)
      expect(await caller.DeviceIoControl(h, IOCTL_LEG_READ_ASYNC, req, 8, out, 16)).toSucceed()
      await machine.advance(20)
      expect([...caller.read(out, 16)]).toEqual(new Array(16).fill(0x5a))
      expect(violations).toViolate('CE6-M07') // MapCallerPtr
      expect(violations).toViolate('CE6-M01') // the embedded pointer it "mapped" is used unmarshalled
      expect(violations).toViolate('CE6-A05') // SetKMode / SetProcPermissions
      expect(violations).toViolate('CE6-A01') // the worker writes the caller's buffer after the call returned
    })

    test('a failed request puts up a MessageBox: UI in the kernel', async ({ caller, device, violations }) => {
      const h = (await caller.CreateFile(device.name)).handle
      expect(await caller.DeviceIoControl(h, 0x00220fff, 0, 0, 0, 0)).toFailWith('ERROR_INVALID_PARAMETER')
      expect(violations).toViolate('CE6-U01')
    })
  })

  describeDriver(legacy, { registry, hardware, modes: ['udevice'] }, ({ test }) => {
    test('in udevice Init fails: IOCTL_HAL_REQUEST_SYSINTR is not on the oalioctl allow-list', async ({ machine, violations }) => {
      const r = await machine.ActivateDeviceEx(KEY)
      expect(r.ok).toBe(false)
      expect(violations).toViolate('CE6-P04')
    })
  })
}
