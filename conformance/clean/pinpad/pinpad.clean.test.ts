// pinpad.dll, a user-mode design (it shows UI): the generated suite with plain sizes and with the request described,
// in udevice only, and a confirmed payment.
import { buffer, conformance, describeDriver, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import { expect } from 'vitest'
import pinpad, { IOCTL_PIN_COMMIT, IOCTL_PIN_CONFIRM, MAX_MERCHANT } from './pinpad.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\PinPad]
"Dll"="pinpad.dll"
"Prefix"="PIN"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const CONFIRM = struct('PIN_CONFIRM', {
  dwAmountCents: u32({ min: 1, max: 100000000 }),
  pMerchant: ptr(buffer(MAX_MERCHANT), { dir: 'in', len: 'cbMerchant' }),
  cbMerchant: u32({ oneOf: [2, 8, 16, MAX_MERCHANT] }),
})
const RESULT = struct('PIN_RESULT', { bApproved: u32(), dwAmountCents: u32() })

conformance(pinpad, {
  registry,
  modes: ['udevice'],
  ioctls: [
    { name: 'CONFIRM', code: IOCTL_PIN_CONFIRM, inSize: 12, outSize: 0, input: [0xe8, 0x03, 0, 0] },
    { name: 'COMMIT', code: IOCTL_PIN_COMMIT, inSize: 0, outSize: 8 },
  ],
})

conformance(pinpad, { registry, modes: ['udevice'], numRuns: 12, ioctls: [ioctl('CONFIRM', IOCTL_PIN_CONFIRM, { in: CONFIRM }), ioctl('COMMIT', IOCTL_PIN_COMMIT, { out: RESULT })] })

describeDriver(pinpad, { registry, modes: ['udevice'] }, ({ test }) => {
  test('CONFIRM asks the user; COMMIT returns the approved amount once', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const name = caller.alloc(8)
    caller.write(name, new Uint8Array([0x41, 0, 0x43, 0, 0x4d, 0, 0x45, 0])) // "ACME"
    const req = caller.alloc(12)
    caller.writeU32(req, 1250)
    caller.writeU32(req + 4, name)
    caller.writeU32(req + 8, 8)
    expect(await caller.DeviceIoControl(h, IOCTL_PIN_CONFIRM, req, 12, 0, 0)).toSucceed()
    const out = caller.alloc(8)
    expect(await caller.DeviceIoControl(h, IOCTL_PIN_COMMIT, 0, 0, out, 8)).toSucceed()
    expect([caller.readU32(out), caller.readU32(out + 4)]).toEqual([1, 1250])
    expect(await caller.DeviceIoControl(h, IOCTL_PIN_COMMIT, 0, 0, out, 8)).toFailWith('ERROR_INVALID_HANDLE_STATE')
    // The design's one finding: CE6-U02, a warning that this UI keeps the driver out of the kernel — nothing else.
    expect(violations).toViolate('CE6-U02')
    expect(violations.filter((v) => v.rule !== 'CE6-U02')).toHaveNoViolations()
  })
})
