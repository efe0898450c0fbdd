// Issue 14's eight holes, each as the short program the red-team property shrank it to. A hole listed in OPEN is
// asserted to be found (the machine still has it: the history shows the property finding it before its fix); once
// fixed it moves to the closed side, where the same program must find nothing.
import { describe, expect, test } from 'vitest'
import type { Action, Program } from './attacks.js'
import { judge } from './judge.js'

const at = (when: Action['when'], op: Action['op'], hops = 0): Action => ({ when, hops, op })

interface Hole {
  id: string
  program: Program
  /** What the property reports while the hole is open. */
  found: string
}

const drivers = (...actions: Action[]): Program => ({ seed: 1, home: 'Drivers', actions })

export const HOLES: readonly Hole[] = [
  {
    id: '1a: re-committing a parameter page after the call',
    program: drivers(at('call', { k: 'keep', a: { place: 'param', delta: 0 } }), at('later', { k: 'commit', a: { place: 'kept', delta: 0 }, size: 0x1000 })),
    found: "the spy obtained the app's later data",
  },
  {
    id: '1b: committing a read-only input page writable during the call',
    program: drivers(at('call', { k: 'commit', a: { place: 'param', delta: 0 }, size: 0x1000 })),
    found: "the caller's input buffer changed",
  },
  {
    id: "2a: protecting a kernel driver's shared-heap block",
    program: drivers(at('call', { k: 'protect', a: { place: 'shared', delta: 0 }, size: 0x1000, prot: 0x01 })),
    found: "the keeper's shared block changed or went",
  },
  {
    id: '2b: CeVirtualSharedAlloc from user mode',
    program: drivers(at('call', { k: 'sharedAlloc', size: 0xf000000 })),
    found: 'CeVirtualSharedAlloc granted',
  },
  {
    id: "3: a detached chain running on a kernel driver's frame",
    program: drivers(at('detached', { k: 'read', a: { place: 'kernelSecret', delta: 0 }, len: 16 }, 2)),
    found: 'the spy obtained the kernel secret',
  },
  {
    // Found by the property after the fix of 3: the chain ran inside one of the spy's own kernel calls, and
    // ActivateDeviceEx took the kernel frame's process (nk.exe, trusted) for the caller.
    id: '3b: a detached chain activating a key from inside its own ActivateDeviceEx',
    program: {
      seed: 64891,
      home: 'Drivers',
      actions: [at('detached', { k: 'registry', what: 'windowGrant' }, 36), at('later', { k: 'registry', what: 'kernelLoad' }, 36)],
    },
    found: 'the spy obtained the kernel secret',
  },
  {
    // Found by a deeper run (CEDK_RUNS=3000) after 3b: the chain ran inside the ActivateDeviceEx of the spy's own
    // thread, whose kernel frame lent ctx.mem its kernel mode. A module's ctx.mem now accesses in the module's mode,
    // and its API calls need its own frame innermost.
    id: "3c: a detached chain inside its own thread's kernel call",
    program: {
      seed: 1,
      home: 'Drivers',
      actions: [
        at('call', { k: 'keep', a: { place: 'own', delta: 0 } }),
        at('call', { k: 'mapPhys', phys: 'secret', size: 16, via: 'MmMapIoSpace' }),
        at('thread', { k: 'registry', what: 'kernelLoad' }),
        at('detached', { k: 'read', a: { place: 'kernelSecret', delta: 0 }, len: 4 }, 16),
      ],
    },
    found: 'the spy obtained the kernel secret',
  },
  {
    id: '4a: activating a key it wrote, without the user-mode flag',
    program: drivers(at('call', { k: 'registry', what: 'kernelLoad' })),
    found: 'spy.dll code ran in kernel mode',
  },
  {
    id: '4b: activating a key it wrote, with a window on kernel RAM',
    program: drivers(at('call', { k: 'registry', what: 'windowGrant' })),
    found: 'the spy obtained the kernel secret',
  },
  {
    id: '5a: a forged machine error from an entry point',
    program: drivers(at('call', { k: 'throw', name: 'UsageError' })),
    found: "the app's IOCTL to the spy rejected",
  },
  {
    id: '5b: a forged HangError ending a driver thread',
    program: drivers(at('thread', { k: 'throw', name: 'HangError' })),
    found: 'no crash was recorded',
  },
  {
    id: '6: exhausting RAM',
    program: drivers(at('call', { k: 'exhaust', mib: 300 })),
    found: 'RangeError',
  },
  {
    id: '7: reaching the machine from JavaScript',
    program: drivers(at('call', { k: 'reach' })),
    found: 'the spy obtained the kernel secret',
  },
  {
    id: '8: a driver under HKLM\\Services loads in the kernel',
    program: { seed: 1, home: 'Services', actions: [at('call', { k: 'keep', a: { place: 'null', delta: 0 } })] },
    found: 'spy.dll code ran in kernel mode',
  },
]

/** Holes still open on this machine (each fix commit removes its own). */
const OPEN = new Set<string>([])

describe('issue 14: the holes the red-team property found', () => {
  for (const h of HOLES) {
    const open = OPEN.has(h.id.split(':')[0]!)
    test(`${open ? 'open' : 'closed'}: ${h.id}`, { timeout: 30_000 }, async () => {
      const { breaches } = await judge(h.program)
      if (open) expect(breaches.join('\n')).toContain(h.found)
      else expect(breaches).toEqual([])
    })
  }
})

describe("the machine options that restore CE6's permissive behaviour reopen their hole", () => {
  test("udeviceActivation: 'trusted' (udevice.exe trusted, as in CE6's default image) lets the spy load itself in the kernel", { timeout: 30_000 }, async () => {
    const hole = HOLES.find((h) => h.id.startsWith('4a'))!
    expect((await judge(hole.program, { udeviceActivation: 'trusted' })).breaches.join('\n')).toContain(hole.found)
  })
})
