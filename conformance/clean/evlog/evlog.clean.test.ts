// evlog.dll in both modes: the generated scenarios and the property suites from the IOCTL descriptions, and the
// reader's view of a drained log.
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE } from '@cedk/kernel'
import { bytes, conformance, describeDriver, ioctl, struct, u32 } from '@cedk/conformance'
import evlog, { ENTRY_SIZE, IOCTL_EVLOG_APPEND, IOCTL_EVLOG_GET_STATS, IOCTL_EVLOG_READ_NEXT, RECORD_SIZE } from './evlog.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\EventLog]
"Dll"="evlog.dll"
"Prefix"="LOG"
"Index"=dword:1
"Order"=dword:20
`

const EVLOG_ENTRY = struct('EVLOG_ENTRY', { Severity: u32({ min: 0, max: 3 }), Code: u32(), Text: bytes(24) })
const EVLOG_RECORD = struct('EVLOG_RECORD', { Seq: u32(), Entry: EVLOG_ENTRY })
const EVLOG_STATS = struct('EVLOG_STATS', { Queued: u32(), Dropped: u32(), NextSeq: u32() })

const described = [
  ioctl('APPEND', IOCTL_EVLOG_APPEND, { in: EVLOG_ENTRY }),
  ioctl('READ_NEXT', IOCTL_EVLOG_READ_NEXT, { out: EVLOG_RECORD }),
  ioctl('GET_STATS', IOCTL_EVLOG_GET_STATS, { out: EVLOG_STATS }),
] as const

conformance(evlog, { registry, ioctls: described, numRuns: 50 })

describeDriver(evlog, { registry }, ({ test }) => {
  test('records come out oldest first, then the log says there is nothing more', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    for (const code of [0x10, 0x11]) {
      const entry = new Uint8Array(ENTRY_SIZE)
      entry.set([1, 0, 0, 0, code])
      expect(await caller.ioctl(h, IOCTL_EVLOG_APPEND, entry, 0)).toSucceed()
    }
    const first = await caller.ioctl(h, IOCTL_EVLOG_READ_NEXT, [], RECORD_SIZE)
    expect(first).toSucceed()
    expect([...first.output.subarray(0, 9)]).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0x10])
    expect(await caller.ioctl(h, IOCTL_EVLOG_READ_NEXT, [], RECORD_SIZE)).toSucceed()
    expect(await caller.ioctl(h, IOCTL_EVLOG_READ_NEXT, [], RECORD_SIZE)).toFailWith(259)
    expect(await caller.CloseHandle(h)).toSucceed()
    expect(violations).toHaveNoViolations()
  })
})
