// Privileged APIs from user mode (issue 3 item 4): the kernel entry points a user-mode driver may not reach
// (behaviour 19), the oalioctl allow-list (behaviour 20), and the reflector's privilege gate, which grants only the
// resources of the driver's own registry key (behaviour 35). Each case runs as a driver's Init, activated through a
// real registry key; "user" adds "Flags"=dword:10.
import { describe, expect, test } from 'vitest'
import {
  DEFAULT_USER_ALLOW_LIST,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  Ev,
  GIISR_INFO_SIZE,
  IOCTL_GIISR_INFO,
  IOCTL_HAL_GET_UUID,
  IOCTL_HAL_REQUEST_SYSINTR,
  KMOD_OAL,
  LOCKFLAG_READ,
  LOCKFLAG_WRITE,
  MEM_RESERVE,
  PAGE_NOACCESS,
  PAGE_PHYSICAL,
  PAGE_READWRITE,
  RegisterFile,
  SYSINTR_FIRMWARE,
  encodeGiisrInfo,
  offset,
  type DriverContext,
  type GIISR_INFO,
  type Machine,
  type MachineOptions,
  type OwnPtr,
} from '../../src/index.js'
import { machineWith, recorder } from '../helpers/recorder.js'

type Mode = 'kernel' | 'user'
const MODES: Mode[] = ['kernel', 'user']

const DEV_A = 0x90000000
const DEV_B = 0x90010000
const IRQ = 3
const SYSINTR = SYSINTR_FIRMWARE + IRQ // 19, the key's SysIntr
const OTHER_SYSINTR = SYSINTR_FIRMWARE + 4 // a real interrupt, but not the key's

/** The resource values of the test key, in .reg syntax. */
const WINDOW_DWORD = `"MemBase"=dword:${DEV_A.toString(16)}\n"MemLen"=dword:100\n`
const WINDOWS_MULTI = `"MemBase"=multi_sz:"${DEV_A.toString(16)}","${DEV_B.toString(16)}"\n"MemLen"=multi_sz:"100","1000"\n`
const ISR_KEY = `"Irq"=dword:${IRQ}\n"SysIntr"=dword:${SYSINTR.toString(16)}\n"IsrDll"="giisr.dll"\n"IsrHandler"="ISRHandler"\n`

function keyText(name: string, mode: Mode, resources: string, extra = ''): string {
  return `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\${name}]\n"Dll"="${name.toLowerCase()}.dll"\n${mode === 'user' ? '"Flags"=dword:10\n' : ''}${extra}${resources}`
}

interface Run<T> {
  out: T
  m: Machine
  regs: [RegisterFile, RegisterFile]
}

/** Activate driver P in `mode` with `resources` in its key, run `body` as its Init and return what it returned. */
async function run<T>(mode: Mode, resources: string, body: (ctx: DriverContext) => T | Promise<T>, opts: MachineOptions = {}): Promise<Run<T>> {
  let out: T | undefined
  const drv = recorder('p.dll', (ctx) => ({
    Init: async () => {
      out = await body(ctx)
      return 1
    },
  }))
  const regs: [RegisterFile, RegisterFile] = [new RegisterFile(), new RegisterFile()]
  const m = machineWith([drv], keyText('P', mode, resources), {
    hardware: [
      { base: DEV_A, device: regs[0], irq: IRQ },
      { base: DEV_B, device: regs[1], irq: 4 },
    ],
    ...opts,
  })
  const r = await m.ActivateDeviceEx('Drivers\\BuiltIn\\P')
  if (!r.ok) throw new Error(`activation failed: ${r.error}`)
  expect(drv.ctx().kernelMode).toBe(mode === 'kernel')
  return { out: out as T, m, regs }
}

/** [result, last error] of one call. */
function res<T>(ctx: DriverContext, v: T): [T, number] {
  return [v, ctx.GetLastError()]
}

function privileged(m: Machine, api: string) {
  return m.trace
    .events()
    .filter((e) => e.kind === Ev.Privileged && m.trace.name(e.a) === api)
    .map((e) => ({ granted: e.b === 1, arg: e.c, error: e.d, ...(e.detail as { reason: string; driver: string; path: string }) }))
}

const reserve = (ctx: DriverContext, size = 0x1000): OwnPtr => ctx.VirtualAlloc(0, size, MEM_RESERVE, PAGE_NOACCESS)

describe('behaviour 19: kernel entry points are NotSupported from user mode', () => {
  test.each(MODES)('behaviour 19: LockPages, LockPagesEx and UnlockPages (%s mode)', async (mode) => {
    const { out } = await run(mode, '', (ctx) => {
      const buf = ctx.VirtualAlloc(0, 0x2000, 0x3000, PAGE_READWRITE)
      const pfns = ctx.LocalAlloc(0, 8)
      return [
        res(ctx, ctx.LockPages(buf, 0x2000, pfns, LOCKFLAG_WRITE | LOCKFLAG_READ)),
        res(ctx, ctx.LockPagesEx(ctx.GetCurrentProcessId(), buf, 0x1000, 0, LOCKFLAG_READ)),
        res(ctx, ctx.UnlockPages(buf, 0x2000)),
        mode === 'kernel' ? ctx.mem.readU32(pfns) > 0 && ctx.mem.readU32(offset(pfns, 4)) > 0 : true,
      ]
    })
    if (mode === 'kernel') expect(out).toEqual([[true, 0], [true, 0], [true, 0], true])
    else expect(out).toEqual([[false, ERROR_NOT_SUPPORTED], [false, ERROR_NOT_SUPPORTED], [false, ERROR_NOT_SUPPORTED], true])
  })

  test.each(MODES)('behaviour 19: VirtualCopyEx and VirtualAllocCopyEx (%s mode)', async (mode) => {
    const { out } = await run(mode, '', (ctx) => {
      const pid = ctx.GetCurrentProcessId()
      const src = ctx.VirtualAlloc(0, 0x1000, 0x3000, PAGE_READWRITE)
      ctx.mem.writeU32(src, 0x1234)
      const dest = reserve(ctx)
      const copied = res(ctx, ctx.VirtualCopyEx(pid, dest, pid, src, 0x1000, PAGE_READWRITE))
      const alias = ctx.VirtualAllocCopyEx(pid, pid, src, 0x1000, PAGE_READWRITE)
      const aliased = res(ctx, alias)
      return { copied, aliasOk: aliased[0] !== 0, err: aliased[1], seen: copied[0] ? ctx.mem.readU32(dest) : 0, viaAlias: alias ? ctx.mem.readU32(alias) : 0 }
    })
    if (mode === 'kernel') expect(out).toEqual({ copied: [true, 0], aliasOk: true, err: 0, seen: 0x1234, viaAlias: 0x1234 })
    else expect(out).toEqual({ copied: [false, ERROR_NOT_SUPPORTED], aliasOk: false, err: ERROR_NOT_SUPPORTED, seen: 0, viaAlias: 0 })
  })

  test.each(MODES)('behaviour 19: VirtualCopy without PAGE_PHYSICAL is VirtualCopyEx, NotSupported in user mode (%s mode)', async (mode) => {
    const { out, m } = await run(mode, '', (ctx) => {
      const src = ctx.VirtualAlloc(0, 0x1000, 0x3000, PAGE_READWRITE)
      return res(ctx, ctx.VirtualCopy(reserve(ctx), src, 0x1000, PAGE_READWRITE))
    })
    expect(out).toEqual(mode === 'kernel' ? [true, 0] : [false, ERROR_NOT_SUPPORTED])
    expect(privileged(m, 'VirtualCopy')).toMatchObject([{ granted: mode === 'kernel', error: mode === 'kernel' ? 0 : ERROR_NOT_SUPPORTED, driver: 'p.dll' }])
  })

  test('behaviour 19: every refusal is traced with the API, the error, the reason and the driver', async () => {
    const { m } = await run('user', '', (ctx) => ctx.LockPages(ctx.LocalAlloc(0, 4), 4, 0, 0))
    expect(privileged(m, 'LockPages')).toEqual([
      { granted: false, arg: expect.any(Number), error: ERROR_NOT_SUPPORTED, reason: expect.stringMatching(/kernel-mode only/), driver: 'p.dll', path: 'kernel' },
    ])
  })
})

describe('behaviour 20: KernelIoControl from a user-mode driver', () => {
  test.each(MODES)('behaviour 20: only the oalioctl allow-list passes in user mode; kernel mode reaches the OAL (%s mode)', async (mode) => {
    const { out, m } = await run(mode, '', (ctx) => {
      const outBuf = ctx.LocalAlloc(0, 16)
      const irq = ctx.LocalAlloc(0, 4)
      ctx.mem.writeU32(irq, IRQ)
      return [
        res(ctx, ctx.KernelIoControl(IOCTL_HAL_GET_UUID, 0, 0, outBuf, 16)),
        res(ctx, ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, irq, 4, outBuf, 4)),
        res(ctx, ctx.KernelLibIoControl(KMOD_OAL, IOCTL_HAL_REQUEST_SYSINTR, irq, 4, outBuf, 4)),
      ]
    })
    const granted = mode === 'kernel'
    expect(out).toEqual([[true, 0], granted ? [true, 0] : [false, ERROR_NOT_SUPPORTED], granted ? [true, 0] : [false, ERROR_NOT_SUPPORTED]])
    const refused = privileged(m, 'KernelIoControl').filter((e) => !e.granted)
    expect(refused.length).toBe(granted ? 0 : 2)
    for (const e of refused) expect(e).toMatchObject({ arg: IOCTL_HAL_REQUEST_SYSINTR, error: ERROR_NOT_SUPPORTED, driver: 'p.dll', reason: expect.stringMatching(/allow-list/) })
  })

  test('behaviour 20: the userAllowList machine option widens the list for user-mode drivers', async () => {
    const { out } = await run(
      'user',
      '',
      (ctx) => {
        const irq = ctx.LocalAlloc(0, 4)
        ctx.mem.writeU32(irq, IRQ)
        const o = ctx.LocalAlloc(0, 4)
        return [ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, irq, 4, o, 4), ctx.mem.readU32(o)]
      },
      { oal: { userAllowList: [...DEFAULT_USER_ALLOW_LIST, IOCTL_HAL_REQUEST_SYSINTR] } },
    )
    expect(out).toEqual([true, SYSINTR])
  })
})

describe('behaviour 35: interrupts only for the SysIntr of the key', () => {
  test('behaviour 35: user mode: InterruptInitialize for the key SysIntr only, once; Done/Mask/Disable only for it', async () => {
    const { out, m } = await run('user', ISR_KEY, (ctx) => {
      const ev = ctx.CreateEvent(false, false)
      const r = {
        other: res(ctx, ctx.InterruptInitialize(OTHER_SYSINTR, ev)),
        disableFirst: (ctx.InterruptDisable(SYSINTR), ctx.GetLastError()),
        own: res(ctx, ctx.InterruptInitialize(SYSINTR, ev)),
        again: res(ctx, ctx.InterruptInitialize(SYSINTR, ev)),
        secondOther: res(ctx, ctx.InterruptInitialize(OTHER_SYSINTR, ev)),
        doneOther: (ctx.SetLastError(0), ctx.InterruptDone(OTHER_SYSINTR), ctx.GetLastError()),
        maskOther: (ctx.SetLastError(0), ctx.InterruptMask(OTHER_SYSINTR, true), ctx.GetLastError()),
        done: (ctx.SetLastError(0), ctx.InterruptDone(SYSINTR), ctx.GetLastError()),
        reinit: [false, 0] as [boolean, number],
      }
      ctx.InterruptDisable(SYSINTR)
      r.reinit = res(ctx, ctx.InterruptInitialize(SYSINTR, ev)) // after InterruptDisable the reflector allows it again
      ctx.InterruptDisable(SYSINTR)
      return r
    })
    expect(out).toMatchObject({
      other: [false, ERROR_INVALID_PARAMETER],
      disableFirst: ERROR_INVALID_PARAMETER,
      own: [true, expect.any(Number)],
      again: [false, ERROR_INVALID_PARAMETER],
      secondOther: [false, ERROR_INVALID_PARAMETER],
      doneOther: ERROR_INVALID_PARAMETER,
      maskOther: ERROR_INVALID_PARAMETER,
      done: 0,
      reinit: [true, expect.any(Number)],
    })
    const refusals = privileged(m, 'InterruptInitialize').filter((e) => !e.granted)
    // The second InterruptInitialize for another SYSINTR is refused for that SYSINTR, not as a repeat.
    expect(refusals.map((e) => e.reason)).toEqual([
      expect.stringMatching(/not the SysIntr of the driver's key \(19\)/),
      expect.stringMatching(/^SYSINTR 19 is already initialized/),
      expect.stringMatching(/SYSINTR 20 is not the SysIntr of the driver's key \(19\)/),
    ])
    expect(refusals.every((e) => e.path === 'reflector' && e.error === ERROR_INVALID_PARAMETER)).toBe(true)
  })

  test('behaviour 35: kernel mode: any SYSINTR with a device, whatever the key says', async () => {
    const { out } = await run('kernel', ISR_KEY, (ctx) => {
      const ev = ctx.CreateEvent(false, false)
      const r = res(ctx, ctx.InterruptInitialize(OTHER_SYSINTR, ev))
      ctx.InterruptDisable(OTHER_SYSINTR)
      return r
    })
    expect(out).toEqual([true, 0])
  })
})

describe('behaviour 35: physical memory only inside the windows of the key', () => {
  test.each(MODES)('behaviour 35: VirtualCopy with PAGE_PHYSICAL, DWORD window (%s mode)', async (mode) => {
    const { out, regs } = await run(mode, WINDOW_DWORD, (ctx) => {
      const va = reserve(ctx)
      // The window is 0x100 bytes: a copy of 0x100 bytes maps its page, one of 0x101 is refused in user mode.
      const inside = res(ctx, ctx.VirtualCopy(va, DEV_A >>> 8, 0x100, PAGE_READWRITE | PAGE_PHYSICAL))
      if (inside[0]) ctx.mem.writeU32(offset(va, 8), 0xfeedbeef)
      const other = res(ctx, ctx.VirtualCopy(reserve(ctx), DEV_B >>> 8, 0x1000, PAGE_READWRITE | PAGE_PHYSICAL))
      const tooLong = res(ctx, ctx.VirtualCopy(reserve(ctx), DEV_A >>> 8, 0x101, PAGE_READWRITE | PAGE_PHYSICAL))
      return { inside, other, tooLong }
    })
    expect(out.inside).toEqual([true, 0])
    expect(regs[0].read(8, 4)).toBe(0xfeedbeef)
    // In kernel mode nothing checks the key; in user mode only [DEV_A, DEV_A+0x100) passes.
    if (mode === 'kernel') expect([out.other, out.tooLong]).toEqual([[true, 0], [true, 0]])
    else expect([out.other, out.tooLong]).toEqual([[false, ERROR_INVALID_PARAMETER], [false, ERROR_INVALID_PARAMETER]])
  })

  test('behaviour 35: user-mode VirtualCopy needs IsValidUsrPtr(dest, size, TRUE)', async () => {
    const { out, m } = await run('user', WINDOW_DWORD, (ctx) => res(ctx, ctx.VirtualCopy(0x70000000, DEV_A >>> 8, 0x1000, PAGE_READWRITE | PAGE_PHYSICAL)))
    expect(out).toEqual([false, ERROR_INVALID_PARAMETER])
    expect(privileged(m, 'VirtualCopy')[0]!.reason).toMatch(/IsValidUsrPtr/)
  })

  test.each(MODES)('behaviour 35: MmMapIoSpace, multi-string windows: each window, not across (%s mode)', async (mode) => {
    const { out, regs, m } = await run(mode, WINDOWS_MULTI, (ctx) => {
      const a = ctx.MmMapIoSpace(DEV_A + 0x10, 0x20, false)
      const b = ctx.MmMapIoSpace(DEV_B + 0x800, 0x800, false)
      if (a) ctx.mem.writeU32(a, 0xa)
      if (b) ctx.mem.writeU32(b, 0xb)
      const straddle = res(ctx, ctx.MmMapIoSpace(DEV_A + 0xf0, 0x20, false)) // the first window is 0x100 long
      const outside = res(ctx, ctx.MmMapIoSpace(DEV_B + 0x800, 0x801, false))
      const user = (a as number) < 0x80000000 && (b as number) < 0x80000000
      if (a) ctx.MmUnmapIoSpace(a, 0x20)
      if (b) ctx.MmUnmapIoSpace(b, 0x800)
      if (straddle[0]) ctx.MmUnmapIoSpace(straddle[0], 0x20)
      if (outside[0]) ctx.MmUnmapIoSpace(outside[0], 0x801)
      return { a: a & 0xfff, b: b & 0xfff, straddle: [straddle[0] !== 0, straddle[1]], outside: [outside[0] !== 0, outside[1]], user }
    })
    expect(regs[0].read(0x10, 4)).toBe(0xa)
    expect(regs[1].read(0x800, 4)).toBe(0xb)
    expect([out.a, out.b]).toEqual([0x10, 0x800])
    if (mode === 'kernel') expect(out).toMatchObject({ straddle: [true, 0], user: false })
    else {
      expect(out).toMatchObject({ straddle: [false, ERROR_INVALID_PARAMETER], outside: [false, ERROR_INVALID_PARAMETER], user: true })
      expect(privileged(m, 'MmMapIoSpace').map((e) => e.granted)).toEqual([true, true, false, false])
    }
    expect((await m.shutdown()).leaks).toEqual([])
  })

  test('behaviour 35: IoBase windows are memory-mapped on this machine, so they are granted too', async () => {
    const { out } = await run('user', `"IoBase"=dword:${DEV_A.toString(16)}\n"IoLen"=dword:8\n`, (ctx) => [ctx.MmMapIoSpace(DEV_A, 8, false) !== 0, ctx.MmMapIoSpace(DEV_A, 9, false) !== 0])
    expect(out).toEqual([true, false])
  })

  test('behaviour 35: mismatched window values (behaviour 36: ERROR_INVALID_DATA) grant nothing, and the refusal says why', async () => {
    const { out, m } = await run('user', `"MemBase"=dword:${DEV_A.toString(16)}\n"MemLen"=multi_sz:"100"\n`, (ctx) => res(ctx, ctx.MmMapIoSpace(DEV_A, 4, false)))
    expect(out).toEqual([0, ERROR_INVALID_PARAMETER])
    expect(privileged(m, 'MmMapIoSpace')[0]!.reason).toMatch(/MemBase is REG_DWORD but MemLen is REG_MULTI_SZ/)
  })

  test.each(MODES)('behaviour 35: CreateStaticMapping inside a window, once per window (%s mode)', async (mode) => {
    const { out } = await run(mode, WINDOWS_MULTI, (ctx) => ({
      first: res(ctx, ctx.CreateStaticMapping(DEV_A >>> 8, 0x100)),
      again: res(ctx, ctx.CreateStaticMapping(DEV_A >>> 8, 0x100)),
      second: res(ctx, ctx.CreateStaticMapping(DEV_B >>> 8, 0x1000)),
      outside: res(ctx, ctx.CreateStaticMapping((DEV_B + 0x1000) >>> 8, 0x1000)),
    }))
    expect(out.first[0]).toBeGreaterThanOrEqual(0x80000000) // a kernel address, for the installable ISR
    expect(out.second[0]).toBeGreaterThanOrEqual(0x80000000)
    if (mode === 'kernel') expect(out.again[0]).toBeGreaterThanOrEqual(0x80000000)
    else expect([out.again, out.outside]).toEqual([[0, ERROR_INVALID_PARAMETER], [0, ERROR_INVALID_PARAMETER]])
  })
})

describe('behaviour 35: installable ISR only giisr.dll/ISRHandler of the key, with checked ports', () => {
  const info = (over: Partial<GIISR_INFO>): GIISR_INFO => ({ SysIntr: SYSINTR, CheckPort: true, PortIsIO: false, UseMaskReg: false, PortAddr: 0, PortSize: 4, Mask: 1, MaskAddr: 0, ...over })

  function giisrIoctl(ctx: DriverContext, h: number, i: GIISR_INFO, n = GIISR_INFO_SIZE, out: OwnPtr | 0 = 0): [boolean, number] {
    const p = ctx.LocalAlloc(0, GIISR_INFO_SIZE)
    ctx.mem.write(p, encodeGiisrInfo(i))
    ctx.SetLastError(0)
    return res(ctx, ctx.KernelLibIoControl(h, IOCTL_GIISR_INFO, p, n, out, out ? 4 : 0))
  }

  test('behaviour 35: user mode: the key decides the ISR; the caller arguments are ignored; once', async () => {
    const { out, m } = await run('user', WINDOW_DWORD + ISR_KEY, (ctx) => {
      const h = ctx.LoadIntChainHandler('evil.dll', 'Anything', 9)
      return { h, again: res(ctx, ctx.LoadIntChainHandler('giisr.dll', 'ISRHandler', IRQ)) }
    })
    expect(out.h).toBeGreaterThan(0)
    expect(out.again).toEqual([0, ERROR_INVALID_PARAMETER])
    expect(m.interrupts.chain.list()).toMatchObject([{ dll: 'giisr.dll', entry: 'ISRHandler', irq: IRQ }])
  })

  test.each([
    ['no Irq', `"SysIntr"=dword:13\n"IsrDll"="giisr.dll"\n"IsrHandler"="ISRHandler"\n`, /no Irq/],
    ['another ISR DLL', `"Irq"=dword:3\n"IsrDll"="myisr.dll"\n"IsrHandler"="ISRHandler"\n`, /not giisr\.dll\/ISRHandler/],
    ['another entry', `"Irq"=dword:3\n"IsrDll"="giisr.dll"\n"IsrHandler"="MyHandler"\n`, /not giisr\.dll\/ISRHandler/],
  ])('behaviour 35: user mode: a key with %s gets no ISR', async (_what, key, reason) => {
    const { out, m } = await run('user', key, (ctx) => res(ctx, ctx.LoadIntChainHandler('giisr.dll', 'ISRHandler', IRQ)))
    expect(out).toEqual([0, ERROR_INVALID_PARAMETER])
    expect(privileged(m, 'LoadIntChainHandler')[0]!.reason).toMatch(reason)
  })

  test('behaviour 35: user mode: the key names are compared case-insensitively; Free only the loaded handle, then load again', async () => {
    const { out } = await run('user', `"Irq"=dword:3\n"IsrDll"="GIISR.DLL"\n"IsrHandler"="isrhandler"\n`, (ctx) => {
      const h = ctx.LoadIntChainHandler('', '', 0)
      return { h, wrongFree: res(ctx, ctx.FreeIntChainHandler(h + 1)), free: res(ctx, ctx.FreeIntChainHandler(h)), reload: ctx.LoadIntChainHandler('', '', 0) !== 0 }
    })
    expect(out.h).toBeGreaterThan(0)
    expect(out.wrongFree).toEqual([false, ERROR_INVALID_PARAMETER])
    expect(out.free[0]).toBe(true)
    expect(out.reload).toBe(true)
  })

  test('behaviour 35: user mode: IOCTL_GIISR_INFO with ports inside the static mapping; everything else refused', async () => {
    const { out, m } = await run('user', WINDOWS_MULTI + ISR_KEY, (ctx) => {
      const h = ctx.LoadIntChainHandler('giisr.dll', 'ISRHandler', IRQ)
      const noMapping = giisrIoctl(ctx, h, info({ PortAddr: 0x80000000 }))
      const port = ctx.CreateStaticMapping((DEV_A + 0x40) >>> 8, 0x100) // covers DEV_A+0x00..0xFF: the whole window
      const out = ctx.LocalAlloc(0, 4)
      return {
        noMapping,
        inside: giisrIoctl(ctx, h, info({ PortAddr: port + 0x10, UseMaskReg: true, MaskAddr: port + 0x14 })),
        maskOutside: giisrIoctl(ctx, h, info({ PortAddr: port + 0x10, UseMaskReg: true, MaskAddr: port + 0x100 })),
        portOutside: giisrIoctl(ctx, h, info({ PortAddr: port + 0xfe })),
        io: giisrIoctl(ctx, h, info({ PortIsIO: true, PortAddr: DEV_A })),
        noCheck: giisrIoctl(ctx, h, info({ CheckPort: false, PortAddr: 0x12345678 })),
        short: giisrIoctl(ctx, h, info({}), GIISR_INFO_SIZE - 1),
        withOut: giisrIoctl(ctx, h, info({ PortAddr: port }), GIISR_INFO_SIZE, out),
        otherHandle: giisrIoctl(ctx, h + 1, info({ PortAddr: port })),
        otherCode: res(ctx, ctx.KernelLibIoControl(h, IOCTL_GIISR_INFO + 1, ctx.LocalAlloc(0, 32), 32, 0, 0)),
      }
    })
    const refused: [boolean, number] = [false, ERROR_INVALID_PARAMETER]
    expect(out).toEqual({
      noMapping: refused,
      inside: [true, 0],
      maskOutside: refused,
      portOutside: refused,
      io: refused,
      noCheck: [true, 0],
      short: refused,
      withOut: refused,
      otherHandle: refused,
      otherCode: refused,
    })
    expect(m.interrupts.chain.list()[0]!.info).toMatchObject({ CheckPort: false, PortAddr: 0x12345678 })
    const reasons = privileged(m, 'KernelLibIoControl').filter((e) => !e.granted).map((e) => e.reason)
    expect(reasons).toEqual([
      expect.stringMatching(/static mapping/),
      expect.stringMatching(/static mapping/),
      expect.stringMatching(/static mapping/),
      expect.stringMatching(/I\/O-space window/),
      expect.stringMatching(/needs 32/),
      expect.stringMatching(/no output buffer/),
      expect.stringMatching(/not the ISR this reflector loaded/),
      expect.stringMatching(/not IOCTL_GIISR_INFO/),
    ])
  })

  test('behaviour 35: kernel mode: LoadIntChainHandler and IOCTL_GIISR_INFO act directly, without port checks', async () => {
    const { out, m } = await run('kernel', '', (ctx) => {
      const h = ctx.LoadIntChainHandler('giisr.dll', 'ISRHandler', 5)
      return { h, set: giisrIoctl(ctx, h, info({ PortAddr: 0xdeadbeec })), unknownDll: res(ctx, ctx.LoadIntChainHandler('other.dll', 'ISRHandler', 5))[0] }
    })
    expect(out.set).toEqual([true, 0])
    expect(out.unknownDll).toBe(0)
    expect(m.interrupts.chain.get(out.h)).toMatchObject({ irq: 5, info: { PortAddr: 0xdeadbeec } })
  })
})

describe('behaviour 35: CallAnyOneRefService', () => {
  test('behaviour 35: a request is offered to every reflector of the calling udevice; one accepting is enough', async () => {
    // Two drivers in group 3: Q declares no resources, P declares the window. Q's MmMapIoSpace of P's window is
    // granted by P's reflector, as CE6's DM_REL_UDriverProcIoControl does; a private host has only Q's.
    for (const [group, granted] of [[3, true], [0, false]] as const) {
      let result: [number, number] = [0, 0]
      const p = recorder('p.dll')
      const q = recorder('q.dll', (ctx) => ({
        Init: () => {
          result = res(ctx, ctx.MmMapIoSpace(DEV_A, 4, false))
          return 1
        },
      }))
      const reg = keyText('P', 'user', WINDOW_DWORD, '"UserProcGroup"=dword:3\n') + keyText('Q', 'user', '', `"UserProcGroup"=dword:${group}\n`)
      const m = machineWith([p, q], reg, { hardware: [{ base: DEV_A, device: new RegisterFile() }] })
      expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\P')).ok).toBe(true)
      expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Q')).ok).toBe(true)
      expect(result[0] !== 0).toBe(granted)
      if (!granted) expect(result[1]).toBe(ERROR_INVALID_PARAMETER)
      const e = privileged(m, 'MmMapIoSpace')[0]!
      expect(e).toMatchObject({ granted, driver: 'q.dll', path: 'reflector' })
    }
  })

  test('behaviour 35: the reflector frees the ISR it loaded when the device goes', async () => {
    const { m } = await run('user', ISR_KEY, (ctx) => ctx.LoadIntChainHandler('', '', 0))
    expect(m.interrupts.chain.list()).toHaveLength(1)
    await m.shutdown()
    expect(m.interrupts.chain.list()).toHaveLength(0)
  })
})

