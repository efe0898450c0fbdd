// Issue 12 item 7 and issue 14 hole 1: where the reflector maps a caller's buffers in udevice, and what the driver
// may do there. The window sits where a real udevice.exe has free address space (above its own image, heap and
// stacks), not at 0x10000 where a fresh caller's first allocation is; it varies with the machine's seed and is the
// same for the same seed. It is not the driver's: commit, protect, free and VirtualCopy into it are refused.
import { describe, expect, test } from 'vitest'
import { MEM_COMMIT, MEM_DECOMMIT, MEM_RELEASE, PAGE_READWRITE, type ParamPtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

async function aliasSeen(seed: number, act?: (ctx: ReturnType<ReturnType<typeof recorder>['ctx']>, p: number) => void) {
  let seen = 0
  const drv = recorder('alias.dll', (ctx) => ({
    IOControl: (_h: number, _c: number, pIn: ParamPtr) => {
      seen = pIn
      act?.(ctx, pIn)
      return true
    },
  }))
  const m = machineWith([drv], driverKey('A', { Dll: 'alias.dll', Prefix: 'ALI', Index: 1, Flags: 0x10 }), { seed })
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).ok).toBe(true)
  const app = m.createProcess('app.exe')
  const p = app.alloc(16)
  await app.DeviceIoControl((await app.CreateFile('ALI1:')).handle, 1, p, 16, 0, 0)
  return { seen, callerAddress: p, app }
}

describe('the reflector parameter window', () => {
  test('is away from the caller layout, in [4 MiB, 64 MiB), and follows the seed', async () => {
    const a = await aliasSeen(1)
    const b = await aliasSeen(1)
    const others = await Promise.all([2, 3, 4, 5].map((s) => aliasSeen(s)))
    expect(a.seen).toBe(b.seen)
    expect(a.seen).not.toBe(a.callerAddress)
    for (const x of [a, ...others]) {
      expect(x.seen).toBeGreaterThanOrEqual(0x00400000)
      expect(x.seen).toBeLessThan(0x04000000)
    }
    expect(new Set([a.seen, ...others.map((x) => x.seen)]).size).toBeGreaterThan(1)
  })

  test('cannot be committed, protected, decommitted or released by the driver', async () => {
    const results: [string, unknown][] = []
    await aliasSeen(7, (ctx, p) => {
      const page = p & ~0xfff
      results.push(['commit', ctx.VirtualAlloc(page, 0x1000, MEM_COMMIT, PAGE_READWRITE)])
      results.push(['protect', ctx.VirtualProtect(page, 0x1000, PAGE_READWRITE)])
      results.push(['decommit', ctx.VirtualFree(page, 0x1000, MEM_DECOMMIT)])
      results.push(['release', ctx.VirtualFree(p & ~0xffff, 0, MEM_RELEASE)])
    })
    expect(results).toEqual([
      ['commit', 0],
      ['protect', false],
      ['decommit', false],
      ['release', false],
    ])
  })

  test("a buffer too big for the window gets an alias of its own, guarded the same way", async () => {
    let protect: boolean | null = null
    const drv = recorder('big.dll', (ctx) => ({
      IOControl: (_h: number, _c: number, pIn: ParamPtr) => ((protect = ctx.VirtualProtect(pIn, 0x1000, PAGE_READWRITE)), true),
    }))
    const m = machineWith([drv], driverKey('B', { Dll: 'big.dll', Prefix: 'BIG', Index: 1, Flags: 0x10 }))
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')).ok).toBe(true)
    const app = m.createProcess('app.exe')
    const p = app.alloc(0x30000)
    expect((await app.DeviceIoControl((await app.CreateFile('BIG1:')).handle, 1, p, 0x30000, 0, 0)).ok).toBe(true)
    expect(protect).toBe(false)
  })
})
