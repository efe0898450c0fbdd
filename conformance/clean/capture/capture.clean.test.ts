// capture.dll, a kernel-mode design: the generated suite with plain sizes and with the IOCTLs described (START is
// asynchronous: the driver keeps lpOutBuf after the call), in kernel mode only, and the capture seen by a caller.
import { bytes, conformance, describeDriver, ioctl, struct, u32 } from '@cedk/conformance'
import { expect } from 'vitest'
import capture, { IOCTL_CAP_START, IOCTL_CAP_WAIT } from './capture.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Capture]
"Dll"="capture.dll"
"Prefix"="CAP"
"Index"=dword:1
`
const START = struct('CAP_START', { cbBlock: u32({ min: 1, max: 16 }) })
const BUFFER = struct('CAP_BUFFER', { samples: bytes(32) })

conformance(capture, {
  registry,
  modes: ['kernel'],
  ioctls: [
    { name: 'START', code: IOCTL_CAP_START, inSize: 4, outSize: 32, input: [8, 0, 0, 0] },
    { name: 'WAIT', code: IOCTL_CAP_WAIT, inSize: 0, outSize: 0 },
  ],
})

conformance(capture, {
  registry,
  modes: ['kernel'],
  numRuns: 12,
  ioctls: [ioctl('START', IOCTL_CAP_START, { in: START, out: BUFFER, async: true }), ioctl('WAIT', IOCTL_CAP_WAIT)],
})

describeDriver(capture, { registry, modes: ['kernel'] }, ({ test }) => {
  test('the buffer fills block by block after START returned; WAIT returns when it is complete', async ({ caller, device, machine, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const pIn = caller.alloc(4)
    caller.writeU32(pIn, 8)
    const pOut = caller.alloc(32)
    expect(await caller.DeviceIoControl(h, IOCTL_CAP_START, pIn, 4, pOut, 32)).toSucceed()
    expect([...caller.read(pOut, 32)]).toEqual(new Array(32).fill(0))
    await machine.advance(1)
    expect(await caller.DeviceIoControl(h, IOCTL_CAP_WAIT, 0, 0, 0, 0)).toSucceed()
    expect([...caller.read(pOut, 32)]).toEqual([...new Array(8).fill(0x40), ...new Array(8).fill(0x41), ...new Array(8).fill(0x42), ...new Array(8).fill(0x43)])
    expect(violations).toHaveNoViolations()
  })
})
