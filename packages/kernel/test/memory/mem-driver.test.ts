// ctx.mem as a kernel-mode driver uses it, end to end: a real machine, a driver made with defineDriver, and a
// caller process whose DeviceIoControl runs the test's driver code in the driver's IOControl. (Every driver here
// runs in the kernel, so user-mode checks are in memory-system.test.ts, on the lookup itself.)
import { describe, expect, test } from 'vitest'
import {
  AccessViolation,
  ERROR_INVALID_PARAMETER,
  KERNEL_PID,
  MEM_COMMIT,
  MEM_DECOMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  PAGE_NOACCESS,
  PAGE_READONLY,
  PAGE_READWRITE,
  RegisterFile,
  UsageError,
  createMachine,
  defineDriver,
  offset,
  originName,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
  type TraceEvent,
} from '../../src/index.js'
import { PAGE_SHIFT, PAGE_SIZE } from '../../src/memory/layout.js'
import { pattern } from './helpers.js'

interface Io {
  pIn: ParamPtr
  nIn: number
  pOut: ParamPtr
  nOut: number
}
type Body = (ctx: DriverContext, io: Io) => boolean

const DEVICE_PHYS = 0x20000000

async function boot() {
  let body: Body = () => true
  let context: DriverContext | undefined
  const drv = defineDriver('memtest.dll', (ctx: DriverContext) => {
    context = ctx
    return {
      Init: () => 1,
      Deinit: () => true,
      Open: () => 2,
      Close: () => true,
      IOControl: (_h, _code, pIn, nIn, pOut, nOut) => body(ctx, { pIn, nIn, pOut, nOut }),
    }
  })
  const regs = new RegisterFile(0x100)
  const m = createMachine({
    drivers: [drv],
    registry: String.raw`[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\MemTest]
      "Dll"="memtest.dll" "Prefix"="MEM" "Index"=dword:1`,
    hardware: [{ base: DEVICE_PHYS, device: regs }],
  })
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\MemTest')).ok).toBe(true)
  const app = m.createProcess('app.exe')
  const f = await app.CreateFile('MEM1:')
  expect(f.ok).toBe(true)
  /** Run `b` as the driver's IOControl for one DeviceIoControl from `caller` (default: app). */
  const ioctl = async (b: Body, pIn: number, nIn: number, pOut: number, nOut: number, caller = app, h = f.handle) => {
    body = b
    return caller.DeviceIoControl(h, 0x00220000, pIn, nIn, pOut, nOut)
  }
  return { m, app, regs, ioctl, ctx: () => context! }
}

const le = (b: Uint8Array, at: number, n: number): number => {
  let v = 0
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i]!
  return v
}

describe('reads and writes of values', () => {
  test('readU8/16/32 and readI32 are little-endian, unaligned and may cross a page', async () => {
    const { app, ioctl } = await boot()
    const data = pattern(0x2000, 3)
    data.set([0xff, 0xff, 0xff, 0xfe], 0x100)
    const pIn = app.alloc(0x2000)
    app.write(pIn, data)
    let got: number[] = []
    const r = await ioctl(
      (ctx, { pIn }) => {
        const at = (n: number) => offset(pIn, n)
        got = [
          ctx.mem.readU8(at(0xfff)),
          ctx.mem.readU16(at(1)),
          ctx.mem.readU16(at(0xfff)), // bytes 0xFFF and 0x1000
          ctx.mem.readU32(at(3)),
          ctx.mem.readU32(at(0xffd)), // 3 bytes + 1
          ctx.mem.readU32(at(0xfff)), // 1 byte + 3
          ctx.mem.readU32(at(0x100)),
          ctx.mem.readI32(at(0x100)),
        ]
        return true
      },
      pIn,
      0x2000,
      0,
      0,
    )
    expect(r.ok).toBe(true)
    expect(got).toEqual([
      data[0xfff],
      le(data, 1, 2),
      le(data, 0xfff, 2),
      le(data, 3, 4),
      le(data, 0xffd, 4),
      le(data, 0xfff, 4),
      0xfeffffff,
      -0x1000001,
    ])
  })

  test('writeU8/16/32, writeI32 and write(number[]) store little-endian bytes, also across pages', async () => {
    const { app, ioctl } = await boot()
    const pOut = app.alloc(0x3000)
    const r = await ioctl(
      (ctx, { pOut }) => {
        const at = (n: number) => offset(pOut, n)
        ctx.mem.writeU8(at(0), 0x1ab) // truncated to a byte
        ctx.mem.writeU16(at(0x7), 0xbeef) // unaligned
        ctx.mem.writeU16(at(0xfff), 0xcafe) // crosses the first boundary
        ctx.mem.writeU32(at(0x1ffe), 0x01020304) // crosses the second
        ctx.mem.writeU32(at(0x2ffc), 0xa1b2c3d4) // the last DWORD of the buffer
        ctx.mem.writeI32(at(0x20), -2)
        ctx.mem.write(at(0x40), [1, 2, 0x1ff, -1])
        return true
      },
      0,
      0,
      pOut,
      0x3000,
    )
    expect(r.ok).toBe(true)
    const out = app.read(pOut, 0x3000)
    expect(out[0]).toBe(0xab)
    expect([...out.subarray(7, 9)]).toEqual([0xef, 0xbe])
    expect([...out.subarray(0xfff, 0x1001)]).toEqual([0xfe, 0xca])
    expect([...out.subarray(0x1ffe, 0x2002)]).toEqual([4, 3, 2, 1])
    expect([...out.subarray(0x2ffc)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1])
    expect([...out.subarray(0x20, 0x24)]).toEqual([0xfe, 0xff, 0xff, 0xff])
    expect([...out.subarray(0x40, 0x44)]).toEqual([1, 2, 0xff, 0xff])
    expect(out.reduce((n, b) => n + (b ? 1 : 0), 0)).toBe(1 + 2 + 2 + 4 + 4 + 4 + 4) // nothing else was touched
  })
})

describe('buffers and strings', () => {
  test('read/readInto, fill and copy across pages', async () => {
    const { app, ioctl } = await boot()
    const data = pattern(0x2000, 8)
    const pIn = app.alloc(0x2000)
    const pOut = app.alloc(0x3000)
    app.write(pIn, data)
    let readBack: Uint8Array = new Uint8Array(0)
    const into = new Uint8Array(0x20)
    await ioctl(
      (ctx, { pIn, pOut }) => {
        readBack = ctx.mem.read(offset(pIn, 0x800), 0x1000)
        ctx.mem.readInto(offset(pIn, 0xff0), into)
        ctx.mem.fill(offset(pOut, 0x800), 0x1000, 0xcc)
        ctx.mem.fill(offset(pOut, 0x1800), 4) // default value 0 over the 0xCC just written
        ctx.mem.copy(offset(pOut, 0x1ff0), offset(pIn, 0xff0), 0x20)
        expect(ctx.mem.read(offset(pIn, 5), 0)).toHaveLength(0)
        return true
      },
      pIn,
      0x2000,
      pOut,
      0x3000,
    )
    expect(readBack).toEqual(data.subarray(0x800, 0x1800))
    expect(into).toEqual(data.subarray(0xff0, 0x1010))
    const out = app.read(pOut, 0x3000)
    expect(out.subarray(0x800, 0x1800).every((b) => b === 0xcc)).toBe(true)
    expect(out[0x7ff]).toBe(0)
    expect(out.subarray(0x1800, 0x1804).every((b) => b === 0)).toBe(true)
    expect(out.subarray(0x1ff0, 0x2010)).toEqual(data.subarray(0xff0, 0x1010))
  })

  test('readWString/writeWString: UTF-16LE with a NUL, across a page, bounded by maxChars', async () => {
    const { app, ioctl } = await boot()
    const pIn = app.alloc(0x2000)
    const pOut = app.alloc(0x2000)
    const utf16 = (s: string) => [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >>> 8]).concat([0, 0])
    app.write(offset(pIn, 0xffa), utf16('COM1Ω'))
    let strings: string[] = []
    await ioctl(
      (ctx, { pIn, pOut }) => {
        strings = [ctx.mem.readWString(offset(pIn, 0xffa)), ctx.mem.readWString(offset(pIn, 0xffa), 2), ctx.mem.readWString(offset(pIn, 0x100))]
        ctx.mem.writeWString(offset(pOut, 0xffd), 'Ωk') // odd address, across the page
        return true
      },
      pIn,
      0x2000,
      pOut,
      0x2000,
    )
    expect(strings).toEqual(['COM1Ω', 'CO', ''])
    expect([...app.read(offset(pOut, 0xffd), 6)]).toEqual([0xa9, 0x03, 0x6b, 0x00, 0x00, 0x00])
    expect(app.read(offset(pOut, 0x1003), 1)[0]).toBe(0)
  })
})

describe('faults', () => {
  test('an access past the end of a committed region faults at the first bad byte; earlier pages stay written', async () => {
    const { app, ioctl } = await boot()
    const pIn = app.alloc(0x1000) // one-page reservations: the next page is not even reserved
    const pOut = app.alloc(0x1000)
    const faults: [number, boolean][] = []
    const grab = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        if (!(e instanceof AccessViolation)) throw e
        faults.push([e.address, e.write])
      }
    }
    const r = await ioctl(
      (ctx, { pIn, pOut }) => {
        grab(() => ctx.mem.write(offset(pOut, 4000), pattern(200, 4)))
        grab(() => ctx.mem.read(pIn, 0x1001))
        grab(() => ctx.mem.readU32(offset(pIn, 0xffe)))
        grab(() => ctx.mem.writeU32(offset(pIn, 0x1000), 0xffff))
        return true
      },
      pIn,
      0x1000,
      pOut,
      0x1000,
    )
    expect(r.ok).toBe(true)
    expect(faults).toEqual([
      [pOut + 0x1000, true],
      [pIn + 0x1000, false],
      [pIn + 0x1000, false],
      [pIn + 0x1000, true],
    ])
    const out = app.read(pOut, 0x1000)
    expect(out.subarray(4000)).toEqual(pattern(200, 4).subarray(0, 96))
    expect(out[3999]).toBe(0)
  })

  test('a range that wraps past 4 GiB faults before touching anything, and the fault is traced', async () => {
    const { m, ioctl } = await boot()
    const seq = m.trace.count
    let v: AccessViolation | undefined
    await ioctl((ctx) => {
      try {
        ctx.mem.read(ctx.unsafePtr(0xfffffff0), 0x20)
      } catch (e) {
        v = e as AccessViolation
      }
      return true
    }, 0, 0, 0, 0)
    expect(v).toBeInstanceOf(AccessViolation)
    expect([v!.address, v!.write]).toEqual([0xfffffff0, false])
    expect(v!.reason).toMatch(/wraps past 4 GiB/)
    const events = m.trace.events(seq)
    expect(events.filter((e) => e.type === 'fault').map((e) => e.a)).toEqual([0xfffffff0])
    expect(events.some((e) => e.type === 'mem-read')).toBe(false)
  })

  test('kernel-mode code still honours page protection: a read-only caller page cannot be written', async () => {
    const { app, ioctl } = await boot()
    const p = app.alloc(0x1000)
    app.write(p, [7])
    expect(app.VirtualProtect(p, 0x1000, PAGE_READONLY)).toBe(0x04)
    let v: AccessViolation | undefined
    let readable = -1
    await ioctl(
      (ctx, { pIn }) => {
        readable = ctx.mem.readU8(pIn)
        try {
          ctx.mem.writeU8(pIn, 1)
        } catch (e) {
          v = e as AccessViolation
        }
        return true
      },
      p,
      0x1000,
      0,
      0,
    )
    expect(readable).toBe(7)
    expect(v).toBeInstanceOf(AccessViolation)
    expect(v!.reason).toBe('page is not writable')
    expect(app.read(p, 1)[0]).toBe(7)
  })

  test('an AccessViolation the driver catches lets the IOCTL continue; the fault is traced', async () => {
    const { m, app, ioctl } = await boot()
    const pOut = app.alloc(16)
    const seq = m.trace.count
    let caught = 0
    const r = await ioctl(
      (ctx, { pOut }) => {
        try {
          ctx.mem.readU32(ctx.unsafePtr(0x100))
        } catch (e) {
          if (e instanceof AccessViolation) caught++
        }
        try {
          ctx.mem.writeU8(ctx.unsafePtr(0xd0f00000), 1)
        } catch (e) {
          if (e instanceof AccessViolation) caught++
        }
        ctx.mem.writeU32(pOut, 0x600d)
        return true
      },
      0,
      0,
      pOut,
      16,
    )
    expect(caught).toBe(2)
    expect(r).toMatchObject({ ok: true, lastError: 0 })
    expect(app.readU32(pOut)).toBe(0x600d)
    const faults = m.trace.events(seq).filter((e) => e.type === 'fault')
    expect(faults.map((e) => [e.a, e.b, e.d])).toEqual([
      [0x100, 0, app.id], // read; the VM loaded was the caller's
      [0xd0f00000, 1, KERNEL_PID], // write; kernel addresses are the kernel's
    ])
    expect(faults.map((e) => e.detail)).toEqual(['the first 64 KiB is never mapped (NULL pointer?)', 'kernel page not committed'])
    expect(m.trace.events(seq).some((e) => e.type === 'driver-exception')).toBe(false)
  })

  test('an AccessViolation the driver does not catch fails the call with ERROR_INVALID_PARAMETER; the machine goes on', async () => {
    const { m, app, ioctl } = await boot()
    const seq = m.trace.count
    const r = await ioctl((ctx) => ctx.mem.readU8(ctx.unsafePtr(0x80000000)) === 0, 0, 0, 0, 0)
    expect(r).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    const types = m.trace.events(seq).map((e) => e.type)
    expect(types.indexOf('fault')).toBeGreaterThanOrEqual(0)
    expect(types.indexOf('driver-exception')).toBeGreaterThan(types.indexOf('fault'))
    const pOut = app.alloc(4)
    expect((await ioctl((ctx, { pOut }) => (ctx.mem.writeU32(pOut, 1), true), 0, 0, pOut, 4)).ok).toBe(true)
    expect(m.bugcheck).toBeNull()
  })
})

describe('provenance in the trace', () => {
  test('mem events say what the address was to the driver: param, own, device, caller, kernel', async () => {
    const { m, app, regs, ioctl } = await boot()
    // Caller memory the driver is *not* given as a parameter: its address travels inside the input buffer.
    const secret = app.alloc(16)
    app.writeU32(secret, 0x5ec7e7)
    // Kernel memory the driver does not own: a block of nk.exe's heap, and the caller's page through the static window.
    const kblock = m.kernel.heap.alloc(16)
    m.memory.writeU32(kblock, 0xcafef00d, true, null)
    const ppn = app.process.space!.entry(secret >>> PAGE_SHIFT)!.frame.ppn
    const staticVa = (0x80000000 + ppn * PAGE_SIZE + (secret & 0xfff)) >>> 0
    const pIn = app.alloc(12)
    app.writeU32(pIn, secret)
    app.writeU32(offset(pIn, 4), kblock)
    app.writeU32(offset(pIn, 8), staticVa)
    const pOut = app.alloc(0x2000)

    const addrs: Record<string, number> = {}
    const values: Record<string, number> = {}
    const seq = m.trace.count
    const r = await ioctl(
      (ctx, { pIn, pOut }) => {
        const own = ctx.LocalAlloc(0, 64)
        const shared = ctx.CeVirtualSharedAlloc(0, 0x1000, MEM_COMMIT)
        const dev = ctx.MmMapIoSpace(DEVICE_PHYS + 0x10, 0x20, false)
        Object.assign(addrs, { own, shared, dev })
        ctx.mem.writeU32(own, 0x11)
        values.own = ctx.mem.readU32(own)
        ctx.mem.writeU8(shared, 0x22)
        ctx.mem.writeU16(offset(dev, 2), 0x3344)
        values.dev = ctx.mem.readU16(offset(dev, 2))
        const callerPtr = ctx.mem.readU32(pIn) // a parameter
        const kernelPtr = ctx.mem.readU32(offset(pIn, 4))
        const staticPtr = ctx.mem.readU32(offset(pIn, 8))
        values.caller = ctx.mem.readU32(ctx.unsafePtr(callerPtr))
        values.kernel = ctx.mem.readU32(ctx.unsafePtr(kernelPtr))
        values.static = ctx.mem.readU32(ctx.unsafePtr(staticPtr))
        ctx.mem.write(offset(pOut, 0xff0), new Uint8Array(0x20)) // one access across two pages of a parameter
        ctx.LocalFree(own)
        ctx.MmUnmapIoSpace(dev, 0x20)
        ctx.VirtualFree(shared, 0, MEM_RELEASE)
        return true
      },
      pIn,
      12,
      pOut,
      0x2000,
    )
    expect(r.ok).toBe(true)
    expect(values).toEqual({ own: 0x11, dev: 0x3344, caller: 0x5ec7e7, kernel: 0xcafef00d, static: 0x5ec7e7 })
    expect(regs.bytes[0x12]).toBe(0x44) // the write reached the device registers
    expect(regs.bytes[0x13]).toBe(0x33)

    const mem = m.trace.events(seq).filter((e) => e.type === 'mem-read' || e.type === 'mem-write')
    const show = (e: TraceEvent) => [e.type, e.a, e.b, originName(e.c), e.d]
    expect(mem.map(show)).toEqual([
      ['mem-write', addrs.own, 4, 'own', KERNEL_PID],
      ['mem-read', addrs.own, 4, 'own', KERNEL_PID],
      ['mem-write', addrs.shared, 1, 'own', KERNEL_PID], // the shared heap pages it allocated are its own
      ['mem-write', addrs.dev! + 2, 2, 'device', KERNEL_PID],
      ['mem-read', addrs.dev! + 2, 2, 'device', KERNEL_PID],
      ['mem-read', pIn, 4, 'param', app.id],
      ['mem-read', pIn + 4, 4, 'param', app.id],
      ['mem-read', pIn + 8, 4, 'param', app.id],
      ['mem-read', secret, 4, 'caller', app.id],
      ['mem-read', kblock, 4, 'kernel', KERNEL_PID],
      ['mem-read', staticVa, 4, 'kernel', KERNEL_PID],
      ['mem-write', pOut + 0xff0, 0x20, 'param', app.id], // traced once, with the whole length
    ])
    expect(addrs.dev! & 0xfff).toBe(0x10) // MmMapIoSpace keeps the offset inside the page
    expect(addrs.shared).toBeGreaterThanOrEqual(0x70000000)
  })

  test('a kernel-mode driver called by a process sees that process’s user space', async () => {
    const { m, app, ioctl } = await boot()
    const other = m.createProcess('other.exe')
    const f2 = await other.CreateFile('MEM1:')
    const a1 = app.alloc(16)
    const a2 = other.alloc(16)
    app.writeU32(a1, 0x1111)
    other.writeU32(a2, 0x2222)
    const seen: number[] = []
    const body = (ctx: DriverContext, io: Io) => (seen.push(ctx.mem.readU32(ctx.unsafePtr(ctx.mem.readU32(io.pIn)))), true)
    const in1 = app.alloc(4)
    app.writeU32(in1, a1)
    const in2 = other.alloc(4)
    other.writeU32(in2, a2)
    await ioctl(body, in1, 4, 0, 0)
    await ioctl(body, in2, 4, 0, 0, other, f2.handle)
    expect(seen).toEqual([0x1111, 0x2222])
  })
})

describe('ctx.mem bookkeeping', () => {
  test('each access counts one step against the budget, however many pages it spans', async () => {
    const { m, app, ioctl } = await boot()
    const p = app.alloc(0x2000)
    let steps = -1
    await ioctl(
      (ctx, { pIn }) => {
        const s0 = m.sched.steps
        ctx.mem.readU8(pIn)
        ctx.mem.readU32(offset(pIn, 0xffe))
        ctx.mem.read(pIn, 0x2000)
        steps = m.sched.steps - s0
        return true
      },
      p,
      0x2000,
      0,
      0,
    )
    expect(steps).toBe(3)
  })

  test('ctx.mem outside a simulated thread is a UsageError', async () => {
    const { ioctl, ctx } = await boot()
    let own = 0 as OwnPtr
    await ioctl((c) => ((own = c.LocalAlloc(0, 16)), true), 0, 0, 0, 0)
    const mem = ctx().mem // the driver's accessor, kept past the call and used from test code
    expect(() => mem.readU8(own)).toThrow(UsageError)
    expect(() => mem.readU32(own)).toThrow(UsageError)
    expect(() => mem.writeU32(own, 1)).toThrow(UsageError)
    expect(() => mem.write(own, [1, 2])).toThrow(UsageError)
    expect(() => mem.read(own, 4)).toThrow(/outside a simulated thread/)
  })
})

// A fault event records the mode (c = 1 in kernel mode) and the reason, not an origin (trace/events.ts).
test('a fault event says kernel mode and why, and does not claim to be a parameter access', async () => {
  const { m, ioctl } = await boot()
  const seq = m.trace.count
  await ioctl((ctx) => {
    try {
      ctx.mem.readU8(ctx.unsafePtr(0x100))
    } catch {
      /* expected */
    }
    return true
  }, 0, 0, 0, 0)
  const fault = m.trace.events(seq).find((e) => e.type === 'fault')!
  expect(fault.c).toBe(1)
  expect(m.trace.format(fault)).toMatch(/fault read 0x00000100 kernel mode vm=p\d+: the first 64 KiB is never mapped/)
  expect(m.trace.format(fault)).not.toContain('origin=')
})

// A 2- or 4-byte store that crosses into a page it may not write stores nothing (a CPU store is all or nothing).
test('a split writeU16 that faults on its second page writes nothing', async () => {
  const { app, ioctl } = await boot()
  const pOut = app.alloc(0x1000)
  let faulted = false
  await ioctl(
    (ctx, { pOut }) => {
      try {
        ctx.mem.writeU16(offset(pOut, 0xfff), 0xbeef)
      } catch (e) {
        faulted = e instanceof AccessViolation
      }
      return true
    },
    0,
    0,
    pOut,
    0x1000,
  )
  expect(faulted).toBe(true)
  expect(app.read(offset(pOut, 0xfff), 1)[0]).toBe(0)
})

// ctx.mem keeps its last page lookup (mem.ts, lookup()): a change to the page tables between two accesses to one
// page must reach the second access at once, in the same IOCTL.
test('a page unmapped, remapped or reprotected between two accesses is seen so by the next one', async () => {
  const { ioctl } = await boot()
  const seen: (number | string)[] = []
  const attempt = (f: () => number | void): void => {
    try {
      const v = f()
      seen.push(v ?? 'ok')
    } catch (e) {
      seen.push((e as AccessViolation).reason)
    }
  }
  const r = await ioctl(
    (ctx) => {
      const own = ctx.VirtualAlloc(0, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)
      ctx.mem.writeU8(own, 5)
      attempt(() => ctx.mem.readU8(own))
      ctx.VirtualFree(own, 0x1000, MEM_DECOMMIT)
      attempt(() => ctx.mem.readU8(own))
      ctx.VirtualAlloc(own, 0x1000, MEM_COMMIT, PAGE_READWRITE) // a fresh zeroed page at the same address
      attempt(() => ctx.mem.readU8(own))
      attempt(() => ctx.mem.writeU8(own, 3)) // the page is now the last one a read and a write reached
      ctx.VirtualProtect(own, 0x1000, PAGE_READONLY)
      attempt(() => ctx.mem.writeU8(own, 1))
      attempt(() => ctx.mem.readU8(own))
      ctx.VirtualProtect(own, 0x1000, PAGE_NOACCESS)
      attempt(() => ctx.mem.readU8(own))
      ctx.VirtualProtect(own, 0x1000, PAGE_READWRITE)
      attempt(() => ctx.mem.writeU8(own, 4))
      attempt(() => ctx.mem.readU8(own))
      ctx.VirtualFree(own, 0, MEM_RELEASE)
      attempt(() => ctx.mem.readU8(own))
      return true
    },
    0,
    0,
    0,
    0,
  )
  expect(r.ok).toBe(true)
  expect(seen).toEqual([5, 'kernel page not committed', 0, 'ok', 'page is not writable', 3, 'page is not readable', 'ok', 4, 'kernel page not committed'])
})
