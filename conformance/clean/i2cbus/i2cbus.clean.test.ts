// i2cbus.dll: the generated suite with plain sizes and with the batch (an embedded array of I2C_OP) described, in
// both modes, and a batch that is refused whole when one target does not answer.
import { arrayOf, conformance, describeDriver, ioctl, ptr, struct, u16, u32, u8 } from '@cedk/conformance'
import { expect } from 'vitest'
import i2cbus, { IOCTL_I2C_READ_REGISTER, IOCTL_I2C_WRITE_BATCH, MAX_OPS, TARGETS } from './i2cbus.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\I2cBus]
"Dll"="i2cbus.dll"
"Prefix"="I2C"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const OP = struct('I2C_OP', { bAddress: u8({ oneOf: [...TARGETS] }), bRegister: u8(), wValue: u16() })
const BATCH = struct('I2C_BATCH', { pOps: ptr(arrayOf(OP, MAX_OPS), { dir: 'in', count: 'cOps' }), cOps: u32({ min: 0, max: MAX_OPS }) })
const WHERE = struct('I2C_REGISTER', { bAddress: u8({ oneOf: [...TARGETS] }), bRegister: u8() })
const VALUE = struct('I2C_VALUE', { wValue: u16() })

conformance(i2cbus, {
  registry,
  ioctls: [
    { name: 'WRITE_BATCH', code: IOCTL_I2C_WRITE_BATCH, inSize: 8, outSize: 0 },
    { name: 'READ_REGISTER', code: IOCTL_I2C_READ_REGISTER, inSize: 2, outSize: 2, input: [0x1a, 4] },
  ],
})

conformance(i2cbus, { registry, numRuns: 12, ioctls: [ioctl('WRITE_BATCH', IOCTL_I2C_WRITE_BATCH, { in: BATCH }), ioctl('READ_REGISTER', IOCTL_I2C_READ_REGISTER, { in: WHERE, out: VALUE })] })

describeDriver(i2cbus, { registry }, ({ test }) => {
  test('a batch is applied whole, or not at all when a target does not answer', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const ops = caller.alloc(8)
    caller.write(ops, new Uint8Array([0x1a, 4, 0x34, 0x12, 0x77, 5, 1, 0])) // 0x77 is not on the bus
    const req = caller.alloc(8)
    caller.writeU32(req, ops)
    caller.writeU32(req + 4, 2)
    expect(await caller.DeviceIoControl(h, IOCTL_I2C_WRITE_BATCH, req, 8, 0, 0)).toFailWith('ERROR_NOT_FOUND')
    expect([...(await caller.ioctl(h, IOCTL_I2C_READ_REGISTER, [0x1a, 4], 2)).output]).toEqual([0, 0])
    caller.writeU32(req + 4, 1)
    expect(await caller.DeviceIoControl(h, IOCTL_I2C_WRITE_BATCH, req, 8, 0, 0)).toSucceed()
    expect([...(await caller.ioctl(h, IOCTL_I2C_READ_REGISTER, [0x1a, 4], 2)).output]).toEqual([0x34, 0x12])
    expect(violations).toHaveNoViolations()
  })
})
