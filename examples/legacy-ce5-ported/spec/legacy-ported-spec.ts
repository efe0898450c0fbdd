// The port of legacy.dll's spec body, for any build of the port (the TypeScript one here, the C one in
// examples/legacy-ce5-c): the generated suite in both modes, and the requests the CE5 driver got wrong, now
// marshalled. The key is a user-mode one; the framework clears the flag for the kernel run.
import { conformance, describeDriver, type IoctlSpec } from '@cedk/conformance'
import { Uart16550, type DriverModule } from '@cedk/kernel'
import { expect } from 'vitest'
import { IOCTL_LEG_GET_INFO, IOCTL_LEG_READ_ASYNC } from '../src/ioctls.js'

const hardware = () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }]
// Both take { DWORD pBuffer; DWORD cbBuffer }; the generated suite sends them with NULL embedded pointers too.
const ioctls: IoctlSpec[] = [
  { name: 'GET_INFO', code: IOCTL_LEG_GET_INFO, inSize: 8, outSize: 0 },
  { name: 'READ_ASYNC', code: IOCTL_LEG_READ_ASYNC, inSize: 8, outSize: 0 },
]

export function legacyPortedSpec(ported: DriverModule, registry: { file: string; text: string }): void {
  conformance(ported, { registry, hardware, ioctls })

  describeDriver(ported, { registry, hardware }, ({ test }) => {
    test('GET_INFO and READ_ASYNC through marshalled embedded buffers, no rule broken', async ({ caller, device, violations }) => {
      const h = (await caller.CreateFile(device.name)).handle
      const text = caller.alloc(64)
      const req = caller.alloc(8)
      caller.writeU32(req, text)
      caller.writeU32(req + 4, 64)
      expect(await caller.DeviceIoControl(h, IOCTL_LEG_GET_INFO, req, 8, 0, 0)).toSucceed()
      expect(new TextDecoder('latin1').decode(caller.read(text, 22))).toBe('legacy.dll sysintr=19 ')
      const out = caller.alloc(16)
      caller.writeU32(req, out)
      caller.writeU32(req + 4, 16)
      expect(await caller.DeviceIoControl(h, IOCTL_LEG_READ_ASYNC, req, 8, 0, 0)).toSucceed()
      expect([...caller.read(out, 16)]).toEqual(new Array(16).fill(0x5a))
      expect(violations).toHaveNoViolations()
    })

    test('an unknown request fails with ERROR_INVALID_PARAMETER and shows no UI', async ({ caller, device, violations }) => {
      const h = (await caller.CreateFile(device.name)).handle
      const req = caller.alloc(8)
      expect(await caller.DeviceIoControl(h, 0x00220fff, req, 8, 0, 0)).toFailWith('ERROR_INVALID_PARAMETER')
      expect(violations).toHaveNoViolations()
    })
  })
}
