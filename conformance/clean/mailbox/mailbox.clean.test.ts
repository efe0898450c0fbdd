// mailbox.dll: the generated suite with plain sizes and with the variable-length message described, in both modes,
// and a message passed from one process to another.
import { conformance, describeDriver, ioctl, struct, u32, varBytes } from '@cedk/conformance'
import { expect } from 'vitest'
import mailbox, { HEADER_SIZE, IOCTL_MBX_RECEIVE, IOCTL_MBX_SEND } from './mailbox.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Mailbox]
"Dll"="mailbox.dll"
"Prefix"="MBX"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const MESSAGE = struct('MAILBOX_MSG', { dwTag: u32(), cbData: u32({ min: 0, max: 32 }), data: varBytes('cbData', 32) })
const RECEIVED = struct('MAILBOX_MSG_OUT', { dwTag: u32(), cbData: u32(), data: varBytes('cbData', 32) })

conformance(mailbox, {
  registry,
  ioctls: [
    { name: 'SEND', code: IOCTL_MBX_SEND, inSize: HEADER_SIZE + 4, outSize: 0, input: [7, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4] },
    { name: 'RECEIVE', code: IOCTL_MBX_RECEIVE, inSize: 0, outSize: HEADER_SIZE + 32 },
  ],
})

conformance(mailbox, { registry, numRuns: 12, ioctls: [ioctl('SEND', IOCTL_MBX_SEND, { in: MESSAGE }), ioctl('RECEIVE', IOCTL_MBX_RECEIVE, { out: RECEIVED })] })

describeDriver(mailbox, { registry }, ({ test }) => {
  test('a message sent by one process is received by another, once; too small a buffer learns the size', async ({ machine, caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    expect(await caller.ioctl(h, IOCTL_MBX_SEND, [9, 0, 0, 0, 3, 0, 0, 0, 0x61, 0x62, 0x63], 0)).toSucceed()
    const reader = machine.createProcess('reader.exe')
    const hr = (await reader.CreateFile(device.name)).handle
    const small = await reader.ioctl(hr, IOCTL_MBX_RECEIVE, [], 4)
    expect(small).toFailWith('ERROR_INSUFFICIENT_BUFFER')
    expect(small.bytes).toBe(11)
    const got = await reader.ioctl(hr, IOCTL_MBX_RECEIVE, [], 16)
    expect(got).toSucceed()
    expect([...got.output.subarray(0, 11)]).toEqual([9, 0, 0, 0, 3, 0, 0, 0, 0x61, 0x62, 0x63])
    expect(await reader.ioctl(hr, IOCTL_MBX_RECEIVE, [], 16)).toFailWith('ERROR_NOT_FOUND')
    expect(violations).toHaveNoViolations()
  })
})
