// Issue 3's isolation property: a user-mode driver, whatever sequence of API calls and addresses fast-check gives it,
// never reads or writes a byte of kernel memory or of another process except through the marshalling rules. A secret
// is planted in kernel memory and in a second process; it must never appear in anything the udevice code obtains,
// and neither copy may change.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { AccessViolation, ARG_I_PTR, ARG_IO_PTR, type DriverContext, type ParamPtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const SECRET = new TextEncoder().encode('SECRET!kernel-16')
const RUNS = Number(process.env.CEDK_RUNS ?? 60)
const SEED = Number(process.env.CEDK_SEED ?? 42)

type Target = 'kernelSecret' | 'victimSecret' | 'param' | 'own' | 'random'
type Op =
  | { t: 'read' | 'write'; target: Target; off: number; len: number; random: number }
  | { t: 'rpm' | 'wpm'; pid: 'victim' | 'kernel' | 'caller'; target: Target; off: number; len: number; random: number }
  | { t: 'open'; target: Target; off: number; len: number; write: boolean; random: number }

const targetArb = fc.constantFrom<Target>('kernelSecret', 'victimSecret', 'param', 'own', 'random')
const common = { target: targetArb, off: fc.integer({ min: -8, max: 24 }), len: fc.integer({ min: 1, max: 32 }), random: fc.nat() }
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constantFrom('read' as const, 'write' as const), ...common }),
  fc.record({ t: fc.constantFrom('rpm' as const, 'wpm' as const), pid: fc.constantFrom('victim' as const, 'kernel' as const, 'caller' as const), ...common }),
  fc.record({ t: fc.constant('open' as const), write: fc.boolean(), ...common }),
)

interface World {
  kernelSecret: number
  victimSecret: number
  victimPid: number
  kernelPid: number
  callerPid: number
}

/** Everything the udevice code got its hands on, as byte strings. */
function runOps(ctx: DriverContext, ops: readonly Op[], w: World, pIn: ParamPtr, seen: Uint8Array[]): void {
  const own = ctx.LocalAlloc(0, 64)
  const addr = (o: Op): number => {
    const base = { kernelSecret: w.kernelSecret, victimSecret: w.victimSecret, param: pIn, own, random: (o.random * 4096 + 0x10000) >>> 0 }[o.target]
    return (base + o.off) >>> 0
  }
  for (const o of ops) {
    try {
      if (o.t === 'read') seen.push(ctx.mem.read(ctx.unsafePtr(addr(o)), o.len))
      else if (o.t === 'write') ctx.mem.write(ctx.unsafePtr(addr(o)), new Uint8Array(o.len).fill(0xee))
      else if (o.t === 'rpm' || o.t === 'wpm') {
        const pid = { victim: w.victimPid, kernel: w.kernelPid, caller: w.callerPid }[o.pid]
        if (o.t === 'rpm') {
          if (ctx.ReadProcessMemory(pid, addr(o), own, Math.min(o.len, 64))) seen.push(ctx.mem.read(own, 64))
        } else ctx.WriteProcessMemory(pid, addr(o), own, Math.min(o.len, 64))
      } else if (o.t === 'open') {
        const desc = o.write ? ARG_IO_PTR : ARG_I_PTR
        const r = ctx.CeOpenCallerBuffer(addr(o), o.len, desc, false)
        if (r.ptr) {
          seen.push(ctx.mem.read(r.ptr, o.len))
          ctx.CeCloseCallerBuffer(r.ptr, addr(o), o.len, desc)
        }
      }
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
    }
  }
  seen.push(ctx.mem.read(own, 64))
  ctx.LocalFree(own)
}

function contains(hay: Uint8Array, needle: Uint8Array, minRun = 4): boolean {
  // Any 4-byte run of the secret counts as a leak (a partial read is still a read).
  for (let s = 0; s + minRun <= needle.length; s++) {
    outer: for (let i = 0; i + minRun <= hay.length; i++) {
      for (let k = 0; k < minRun; k++) if (hay[i + k] !== needle[s + k]) continue outer
      return true
    }
  }
  return false
}

describe('user-mode isolation', () => {
  test('a udevice driver never obtains or changes a secret in kernel memory or in another process', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        let plan: { ops: readonly Op[]; w: World } | null = null
        const seen: Uint8Array[] = []
        const drv = recorder('spy.dll', (ctx) => ({
          IOControl: (_h: number, _c: number, pIn: ParamPtr) => {
            runOps(ctx, plan!.ops, plan!.w, pIn, seen)
            return true
          },
        }))
        const m = machineWith([drv], driverKey('Spy', { Dll: 'spy.dll', Prefix: 'SPY', Index: 1, Flags: 0x10 }))
        expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Spy')).ok).toBe(true)
        const kernelSecret = m.kernel.heap.alloc(16, 'test!secret')
        m.memory.copy(kernelSecret, SECRET.slice(), true, true, null)
        const victim = m.createProcess('victim.exe')
        const victimSecret = victim.alloc(16)
        victim.write(victimSecret, SECRET)
        const app = m.createProcess('app.exe')
        const pIn = app.alloc(64)
        app.write(pIn, new Uint8Array(64).fill(0x11))
        plan = { ops, w: { kernelSecret, victimSecret, victimPid: victim.id, kernelPid: m.kernel.id, callerPid: app.id } }
        const { handle } = await app.CreateFile('SPY1:')
        await app.DeviceIoControl(handle, 1, pIn, 64, 0, 0)
        for (const b of seen) expect(contains(b, SECRET)).toBe(false)
        const k = new Uint8Array(16)
        m.memory.copy(kernelSecret, k, false, true, null)
        expect([...k]).toEqual([...SECRET])
        expect([...victim.read(victimSecret, 16)]).toEqual([...SECRET])
        expect(m.bugcheck).toBeNull()
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('the same driver in kernel mode can reach the kernel secret (the property is not vacuous)', async () => {
    let got: Uint8Array | null = null
    let secretAddr = 0
    const drv = recorder('spy.dll', (ctx) => ({
      IOControl: () => ((got = ctx.mem.read(ctx.unsafePtr(secretAddr), 16)), true),
    }))
    const m = machineWith([drv], driverKey('Spy', { Dll: 'spy.dll', Prefix: 'SPY', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\Spy')
    secretAddr = m.kernel.heap.alloc(16, 'test!secret')
    m.memory.copy(secretAddr, SECRET.slice(), true, true, null)
    const app = m.createProcess('app.exe')
    await app.DeviceIoControl((await app.CreateFile('SPY1:')).handle, 1, 0, 0, 0, 0)
    expect(contains(got!, SECRET)).toBe(true)
  })
})
