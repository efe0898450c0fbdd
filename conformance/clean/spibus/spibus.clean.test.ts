// spibus.dll: the generated suite with plain sizes and with the nested transfer record described, in both modes,
// and one loopback transfer.
import { buffer, conformance, describeDriver, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import { expect } from 'vitest'
import spibus, { IOCTL_SPI_GET_STATS, IOCTL_SPI_TRANSFER, TRANSFER_SIZE } from './spibus.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\SpiBus]
"Dll"="spibus.dll"
"Prefix"="SPI"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const CONFIG = struct('SPI_CONFIG', { dwChipSelect: u32({ min: 0, max: 3 }), dwClockHz: u32({ oneOf: [100000, 1000000, 48000000] }), dwMode: u32({ min: 0, max: 3 }) })
const TRANSFER = struct('SPI_TRANSFER', {
  config: CONFIG,
  pTx: ptr(buffer(64), { dir: 'in', len: 'cbLength' }),
  pRx: ptr(buffer(64), { dir: 'out', len: 'cbLength' }),
  cbLength: u32({ min: 1, max: 64 }),
})
const STATS = struct('SPI_STATS', { dwTransfers: u32(), dwBytes: u32() })

conformance(spibus, {
  registry,
  ioctls: [
    { name: 'TRANSFER', code: IOCTL_SPI_TRANSFER, inSize: TRANSFER_SIZE, outSize: 0 },
    { name: 'GET_STATS', code: IOCTL_SPI_GET_STATS, inSize: 0, outSize: 8 },
  ],
})

conformance(spibus, { registry, numRuns: 12, ioctls: [ioctl('TRANSFER', IOCTL_SPI_TRANSFER, { in: TRANSFER }), ioctl('GET_STATS', IOCTL_SPI_GET_STATS, { out: STATS })] })

describeDriver(spibus, { registry }, ({ test }) => {
  test('a transfer clocks the bytes out and the complements back in', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const tx = caller.alloc(4)
    caller.write(tx, new Uint8Array([0x00, 0x0f, 0xa5, 0xff]))
    const rx = caller.alloc(4)
    const req = caller.alloc(TRANSFER_SIZE)
    ;[1, 1000000, 0, tx, rx, 4].forEach((v, i) => caller.writeU32(req + 4 * i, v))
    expect(await caller.DeviceIoControl(h, IOCTL_SPI_TRANSFER, req, TRANSFER_SIZE, 0, 0)).toSucceed()
    expect([...caller.read(rx, 4)]).toEqual([0xff, 0xf0, 0x5a, 0x00])
    expect(violations).toHaveNoViolations()
  })
})
