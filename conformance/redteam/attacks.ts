// The red team's programs: what a hostile user-mode driver tries, as data fast-check can generate, shrink and print.
// Each action names when it runs (during the caller's IOCTL, in a later IOCTL, in a detached promise chain started
// during the call, or on a thread of the driver's own) and what it does, over addresses drawn from the places that
// matter: its own memory, the caller's parameters (during and after the call), the shared heap, the kernel, another
// process, its register window and just outside it, and the boundaries of the address map.
import fc from 'fast-check'

export type When = 'call' | 'later' | 'detached' | 'thread'
export type Place =
  | 'own'
  | 'param'
  | 'paramOut'
  | 'kept'
  | 'shared'
  | 'kernelSecret'
  | 'victim'
  | 'window'
  | 'sharedBase'
  | 'kernelBase'
  | 'guard'
  | 'top'
  | 'userLow'
  | 'null'

export interface Addr {
  place: Place
  delta: number
}

export type MachineErrorName = 'UsageError' | 'HangError' | 'Bugcheck' | 'ProcessGone'

export type Op =
  | { k: 'read' | 'write'; a: Addr; len: number }
  | { k: 'keep'; a: Addr }
  | { k: 'commit' | 'decommit'; a: Addr; size: number }
  | { k: 'protect'; a: Addr; size: number; prot: number }
  | { k: 'release'; a: Addr }
  | { k: 'sharedAlloc'; size: number }
  | { k: 'mapPhys'; phys: 'secret' | 'window' | 'afterWindow'; size: number; via: 'MmMapIoSpace' | 'VirtualCopy' | 'CreateStaticMapping' }
  | { k: 'rpm' | 'wpm'; pid: 'victim' | 'kernel' | 'app'; a: Addr; len: number }
  | { k: 'openCaller'; a: Addr; len: number; write: boolean }
  | { k: 'throw'; name: MachineErrorName }
  | { k: 'reach' }
  | { k: 'registry'; what: 'kernelLoad' | 'windowGrant' }
  | { k: 'exhaust'; mib: number }

export interface Action {
  when: When
  /** Microtasks a detached chain lets pass before the action (it goes looking for someone else's frame). */
  hops: number
  op: Op
}

export interface Program {
  seed: number
  /** Where the spy's key lives: HKLM\Drivers (user mode by its Flags) or HKLM\Services (user mode by CE6's rule). */
  home: 'Drivers' | 'Services'
  actions: Action[]
}

const PLACES: readonly Place[] = ['own', 'param', 'paramOut', 'kept', 'shared', 'kernelSecret', 'victim', 'window', 'sharedBase', 'kernelBase', 'guard', 'top', 'userLow', 'null']

export const addrArb: fc.Arbitrary<Addr> = fc.record({
  place: fc.constantFrom(...PLACES),
  // Exact, one word off either way, the next or previous page, the end of a 64 KiB block, a wrap-around.
  delta: fc.oneof(fc.constantFrom(0, 4, -4, 0x100, 0x1000, -0x1000, 0xfff, 0x10000, -1), fc.integer({ min: -64, max: 64 })),
})

const sizeArb = fc.constantFrom(1, 16, 0x1000, 0x2000, 0x10000, 0x7fffffff)
const lenArb = fc.integer({ min: 1, max: 64 })

const ops: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constantFrom('read' as const, 'write' as const), a: addrArb, len: lenArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('keep' as const), a: addrArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom('commit' as const, 'decommit' as const), a: addrArb, size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('protect' as const), a: addrArb, size: sizeArb, prot: fc.constantFrom(0x01, 0x02, 0x04) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('release' as const), a: addrArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('sharedAlloc' as const), size: fc.constantFrom(0x1000, 0xf000000) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('mapPhys' as const),
      phys: fc.constantFrom('secret' as const, 'window' as const, 'afterWindow' as const),
      size: fc.constantFrom(0x10, 0x100, 0x1000),
      via: fc.constantFrom('MmMapIoSpace' as const, 'VirtualCopy' as const, 'CreateStaticMapping' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('rpm' as const, 'wpm' as const), pid: fc.constantFrom('victim' as const, 'kernel' as const, 'app' as const), a: addrArb, len: lenArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('openCaller' as const), a: addrArb, len: lenArb, write: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('throw' as const), name: fc.constantFrom<MachineErrorName>('UsageError', 'HangError', 'Bugcheck', 'ProcessGone') }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('reach' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('registry' as const), what: fc.constantFrom('kernelLoad' as const, 'windowGrant' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('exhaust' as const), mib: fc.constantFrom(8, 300) }) },
)

export const actionArb: fc.Arbitrary<Action> = fc.record({
  when: fc.constantFrom<When>('call', 'later', 'detached', 'thread'),
  hops: fc.integer({ min: 0, max: 40 }),
  op: ops,
})

export const programArb = (maxActions = 12): fc.Arbitrary<Program> =>
  fc.record({
    seed: fc.integer({ min: 1, max: 0xffff }),
    home: fc.constantFrom<Program['home']>('Drivers', 'Services'),
    actions: fc.array(actionArb, { minLength: 1, maxLength: maxActions }),
  })
