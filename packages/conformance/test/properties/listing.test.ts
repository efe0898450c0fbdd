// The shrunk program's listing shows each input as the driver saw it: a length field holds what placement put there
// (the pointee's size, or the hostile length), not the plan's placeholder, and every embedded pointer its address.
import { describe, expect, test } from 'vitest'
import type { Program } from '../../src/properties/arbitraries/plan.js'
import { execute } from '../../src/properties/run/execute.js'
import { programText } from '../../src/properties/run/replay-format.js'
import eventlog from '../../../../conformance/clean/eventlog/eventlog.js'
import { eventlogIoctls } from '../../../../conformance/clean/eventlog/eventlog-ioctls.js'

const registry = '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\EventLog]\n"Dll"="eventlog.dll"\n"Prefix"="EVL"\n"Index"=dword:1\n'

/** One APPEND whose plan holds cbText 0 (placement sets it) and a text pointer of the given kind. */
function append(kind: 'valid' | 'overrun', n = 0): Program {
  const pText = { kind, n, value: Uint8Array.of(0x61, 0x62, 0x63) }
  const call = { ioctl: 'APPEND', input: { pText, cbText: 0, dwLevel: 2 }, inBuf: { kind: 'valid' as const, n: 0 }, outBuf: { kind: 'valid' as const, n: 0 } }
  return { procs: 1, steps: [{ call, proc: 0, thread: 0, wait: true }], schedule: [] }
}

describe('the shrunk program listing', () => {
  test('a length field shows the value placement gave it, and the pointer its address', async () => {
    const p = append('valid')
    const run = await execute({ driver: eventlog, registry }, eventlogIoctls, p, 'kernel', 1)
    expect(run.outcomes[0]!.result?.ok).toBe(true)
    const text = programText(eventlogIoctls, p, [run])
    expect(text).toMatch(/in=EVLOG_APPEND \{ pText: valid → \[61 62 63\] @0x[0-9a-f]{8}, cbText: 3, dwLevel: 2 \}/)
    // Without a run (nothing placed) the plan is all there is to show.
    expect(programText(eventlogIoctls, p)).toMatch(/cbText: 0,/)
  })

  test('a hostile length is shown as the driver got it', async () => {
    const p = append('overrun', 0x20)
    const run = await execute({ driver: eventlog, registry }, eventlogIoctls, p, 'kernel', 1)
    expect(programText(eventlogIoctls, p, [run])).toMatch(/pText: overrun\(32\) → \[61 62 63\] @0x[0-9a-f]{8}, cbText: 35,/)
  })
})
