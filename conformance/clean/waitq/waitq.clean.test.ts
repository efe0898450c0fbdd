// waitq.dll in both modes: the generated scenarios and property suites (callers that exit while a waiter blocks
// included), and a listener reading what another process posted.
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE } from '@cedk/kernel'
import { conformance, describeDriver, ioctl, struct, u32 } from '@cedk/conformance'
import mailbox, { IOCTL_MAILBOX_COUNT, IOCTL_MAILBOX_POST, IOCTL_MAILBOX_WAIT, MSG_SIZE } from './waitq.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Mailbox]
"Dll"="waitq.dll"
"Prefix"="MBX"
"Index"=dword:1
`

const MAILBOX_MSG = struct('MAILBOX_MSG', { Kind: u32(), Param1: u32(), Param2: u32(), Seq: u32() })
const MAILBOX_WAIT = struct('MAILBOX_WAIT', { TimeoutMs: u32({ min: 0, max: 40 }) })
const MAILBOX_COUNT = struct('MAILBOX_COUNT', { Queued: u32({ min: 0, max: 32 }) })

const described = [
  ioctl('POST', IOCTL_MAILBOX_POST, { in: MAILBOX_MSG }),
  ioctl('WAIT', IOCTL_MAILBOX_WAIT, { in: MAILBOX_WAIT, out: MAILBOX_MSG }),
  ioctl('COUNT', IOCTL_MAILBOX_COUNT, { out: MAILBOX_COUNT }),
] as const

conformance(mailbox, { registry, ioctls: described, numRuns: 50 })

const dwords = (...v: number[]) => new Uint8Array(new Uint32Array(v).buffer)

describeDriver(mailbox, { registry }, ({ test }) => {
  test('a listener gets what another process posted, in order, then times out on an empty box', async ({ machine, caller, device, violations }) => {
    const poster = machine.createProcess('shell.exe')
    const hp = (await poster.CreateFile(device.name, GENERIC_WRITE)).handle
    for (const kind of [7, 8]) expect(await poster.ioctl(hp, IOCTL_MAILBOX_POST, dwords(kind, 1, 2, 0), 0)).toSucceed()
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    for (const [kind, seq] of [[7, 1], [8, 2]]) {
      const got = await caller.ioctl(h, IOCTL_MAILBOX_WAIT, dwords(500), MSG_SIZE)
      expect(got).toSucceed()
      expect([...got.output]).toEqual([...dwords(kind!, 1, 2, seq!)])
    }
    expect(await caller.ioctl(h, IOCTL_MAILBOX_WAIT, dwords(10), MSG_SIZE)).toFailWith('ERROR_TIMEOUT')
    expect(violations).toHaveNoViolations()
  })
})
