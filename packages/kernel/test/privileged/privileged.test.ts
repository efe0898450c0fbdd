// Kernel-mode privileged APIs: VirtualCopy (PAGE_PHYSICAL), MmMapIoSpace, interrupts, KernelIoControl and the OAL.
import { describe, expect, test } from 'vitest'
import {
  DEFAULT_USER_ALLOW_LIST,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  IOCTL_HAL_GET_CACHE_INFO,
  IOCTL_HAL_GET_DEVICE_INFO,
  IOCTL_HAL_GET_UUID,
  IOCTL_HAL_REQUEST_SYSINTR,
  IOCTL_PROCESSOR_INFORMATION,
  MEM_RELEASE,
  MEM_RESERVE,
  PAGE_NOACCESS,
  PAGE_NOCACHE,
  PAGE_PHYSICAL,
  PAGE_READWRITE,
  RegisterFile,
  SPI_GETPLATFORMTYPE,
  SYSINTR_FIRMWARE,
  WAIT_OBJECT_0,
  WAIT_TIMEOUT,
  type DeviceBus,
  type MmioDevice,
  type OwnPtr,
} from '../../src/index.js'
import { driverKey, machineWith, recorder, u32 } from '../helpers/recorder.js'

/** A scratch device: 4 KiB of registers that remember what was written, and an IRQ line the test drives. */
class ScratchDevice extends RegisterFile {
  bus: DeviceBus | null = null
  constructor() {
    super(0x1000, 'scratch')
  }
  connect(bus: DeviceBus): void {
    this.bus = bus
  }
}

/** Run `body` as the driver's Init (kernel mode) and return what it returns. */
async function inKernel<T>(body: (ctx: ReturnType<ReturnType<typeof recorder>['ctx']>) => T | Promise<T>, device?: MmioDevice, irq?: number) {
  let out: T | undefined
  const drv = recorder('priv.dll', (ctx) => ({
    Init: async () => {
      out = await body(ctx)
      return 1
    },
  }))
  const m = machineWith([drv], driverKey('P', { Dll: 'priv.dll' }), device ? { hardware: [{ base: 0x90000000, device, irq }] } : {})
  const r = await m.ActivateDeviceEx('Drivers\\BuiltIn\\P')
  if (!r.ok) throw new Error(`activation failed: ${r.error}`)
  return { out: out as T, m }
}

describe('VirtualCopy and MmMapIoSpace', () => {
  test('VirtualCopy with PAGE_PHYSICAL maps device registers (source is the physical address >> 8)', async () => {
    const dev = new ScratchDevice()
    const { out } = await inKernel((ctx) => {
      const va = ctx.VirtualAlloc(0, 0x1000, MEM_RESERVE, PAGE_NOACCESS)
      const ok = ctx.VirtualCopy(va, 0x90000000 / 256, 0x1000, PAGE_READWRITE | PAGE_NOCACHE | PAGE_PHYSICAL)
      ctx.mem.writeU32(((va as number) + 0x10) as OwnPtr, 0xcafef00d)
      const back = ctx.mem.readU32(((va as number) + 0x10) as OwnPtr)
      ctx.VirtualFree(va, 0, MEM_RELEASE)
      return { ok, back }
    }, dev)
    expect(out).toEqual({ ok: true, back: 0xcafef00d })
    expect(dev.read(0x10, 4)).toBe(0xcafef00d)
  })

  test('VirtualCopy refuses an unaligned destination, nothing at the physical address, and an uncommitted source', async () => {
    const { out } = await inKernel((ctx) => {
      const va = ctx.VirtualAlloc(0, 0x2000, MEM_RESERVE, PAGE_NOACCESS)
      const r = [
        ctx.VirtualCopy(((va as number) + 4) as OwnPtr, 0x90000000 / 256, 0x1000, PAGE_READWRITE | PAGE_PHYSICAL),
        ctx.GetLastError(),
        ctx.VirtualCopy(va, 0xf0000000 / 256, 0x1000, PAGE_READWRITE | PAGE_PHYSICAL),
        ctx.GetLastError(),
        ctx.VirtualCopy(va, 0xd7000000, 0x1000, PAGE_READWRITE),
      ]
      ctx.VirtualFree(va, 0, MEM_RELEASE)
      return r
    })
    expect(out.slice(0, 4)).toEqual([false, ERROR_INVALID_PARAMETER, false, ERROR_INVALID_PARAMETER])
    expect(out[4]).toBe(false)
  })

  test('VirtualCopy of virtual memory aliases it: writes through one address are seen through the other', async () => {
    const { out } = await inKernel((ctx) => {
      const a = ctx.VirtualAlloc(0, 0x1000, 0x3000, PAGE_READWRITE)
      const b = ctx.VirtualAlloc(0, 0x1000, MEM_RESERVE, PAGE_NOACCESS)
      ctx.mem.writeU32(a, 1)
      const ok = ctx.VirtualCopy(b, a, 0x1000, PAGE_READWRITE)
      ctx.mem.writeU32(b, 42)
      return { ok, a: ctx.mem.readU32(a) }
    })
    expect(out).toEqual({ ok: true, a: 42 })
  })

  test('MmMapIoSpace keeps the page offset; MmUnmapIoSpace releases the mapping; nothing there gives 0', async () => {
    const dev = new ScratchDevice()
    dev.write(0x24, 4, 0x11223344)
    const { out } = await inKernel((ctx) => {
      const p = ctx.MmMapIoSpace(0x90000024, 4, false)
      const v = ctx.mem.readU32(p)
      ctx.MmUnmapIoSpace(p, 4)
      let faulted = false
      try {
        ctx.mem.readU32(p)
      } catch {
        faulted = true
      }
      return { offset: p & 0xfff, v, faulted, none: ctx.MmMapIoSpace(0xf0000000, 4, false), err: ctx.GetLastError() }
    }, dev)
    expect(out).toEqual({ offset: 0x24, v: 0x11223344, faulted: true, none: 0, err: ERROR_INVALID_PARAMETER })
  })

  test('a mapping the driver forgets is a leak when it unloads', async () => {
    const dev = new ScratchDevice()
    const { m } = await inKernel((ctx) => ctx.MmMapIoSpace(0x90000000, 0x100, false), dev)
    const report = await m.shutdown()
    expect(report.leaks).toMatchObject([{ driver: 'priv.dll', kind: 'virtual-memory', site: 'priv.dll!Init' }])
  })
})

describe('interrupts', () => {
  const SYSINTR = SYSINTR_FIRMWARE + 5

  test('InterruptInitialize binds the SYSINTR to an event; the IRQ sets it; it stays masked until InterruptDone', async () => {
    const dev = new ScratchDevice()
    const { out, m } = await inKernel(async (ctx) => {
      const ev = ctx.CreateEvent(false, false)
      const ok = ctx.InterruptInitialize(SYSINTR, ev, 0, 0)
      dev.bus!.irq.raise()
      const first = await ctx.WaitForSingleObject(ev, 0)
      const masked = await ctx.WaitForSingleObject(ev, 0) // the line is still asserted, but the interrupt is in service
      ctx.InterruptDone(SYSINTR) // level-triggered: still asserted, so it fires again
      const again = await ctx.WaitForSingleObject(ev, 0)
      dev.bus!.irq.lower()
      ctx.InterruptDone(SYSINTR)
      const quiet = await ctx.WaitForSingleObject(ev, 0)
      ctx.InterruptDisable(SYSINTR)
      ctx.CloseHandle(ev)
      return [ok, first, masked, again, quiet]
    }, dev, 5)
    expect(out).toEqual([true, WAIT_OBJECT_0, WAIT_TIMEOUT, WAIT_OBJECT_0, WAIT_TIMEOUT])
    expect(m.trace.events().filter((e) => e.type === 'interrupt')).toHaveLength(2)
  })

  test('InterruptInitialize fails for an unknown SYSINTR, twice for the same one, and for a non-event handle', async () => {
    const dev = new ScratchDevice()
    const { out } = await inKernel((ctx) => {
      const ev = ctx.CreateEvent(false, false)
      const mutex = ctx.CreateMutex(false)
      const r = [
        ctx.InterruptInitialize(SYSINTR + 1, ev),
        ctx.InterruptInitialize(SYSINTR, mutex),
        ctx.InterruptInitialize(SYSINTR, ev),
        ctx.InterruptInitialize(SYSINTR, ev),
        ctx.GetLastError(),
      ]
      ctx.InterruptDisable(SYSINTR)
      ctx.CloseHandle(ev)
      ctx.CloseHandle(mutex)
      return r
    }, dev, 5)
    expect(out).toEqual([false, false, true, false, ERROR_INVALID_PARAMETER])
  })

  test('InterruptMask holds delivery back until unmasked', async () => {
    const dev = new ScratchDevice()
    const { out } = await inKernel(async (ctx) => {
      const ev = ctx.CreateEvent(false, false)
      ctx.InterruptInitialize(SYSINTR, ev)
      ctx.InterruptMask(SYSINTR, true)
      dev.bus!.irq.raise()
      const whileMasked = await ctx.WaitForSingleObject(ev, 0)
      ctx.InterruptMask(SYSINTR, false)
      const after = await ctx.WaitForSingleObject(ev, 0)
      ctx.InterruptDisable(SYSINTR)
      ctx.CloseHandle(ev)
      return [whileMasked, after]
    }, dev, 5)
    expect(out).toEqual([WAIT_TIMEOUT, WAIT_OBJECT_0])
  })

  test('an interrupt left initialized at unload is reported as a leak', async () => {
    const dev = new ScratchDevice()
    const { m } = await inKernel((ctx) => ctx.InterruptInitialize(SYSINTR, ctx.CreateEvent(false, false)), dev, 5)
    const kinds = (await m.shutdown()).leaks.map((l) => l.kind).sort()
    expect(kinds).toEqual(['handle', 'interrupt'])
  })
})

describe('KernelIoControl and the OAL', () => {
  test('IOCTL_HAL_REQUEST_SYSINTR maps an IRQ to SYSINTR_FIRMWARE + irq (single IRQ or the CE6 triple form)', async () => {
    const { out } = await inKernel((ctx) => {
      const inBuf = ctx.LocalAlloc(0, 12)
      const outBuf = ctx.LocalAlloc(0, 4)
      ctx.mem.writeU32(inBuf, 7)
      const single = ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, inBuf, 4, outBuf, 4) && ctx.mem.readU32(outBuf)
      ctx.mem.write(inBuf, [...u32(0xffffffff), ...u32(0), ...u32(7)])
      const triple = ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, inBuf, 12, outBuf, 4) && ctx.mem.readU32(outBuf)
      ctx.mem.writeU32(inBuf, 9) // no device on IRQ 9
      const none = ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, inBuf, 4, outBuf, 4)
      ctx.LocalFree(inBuf)
      ctx.LocalFree(outBuf)
      return [single, triple, none]
    }, new ScratchDevice(), 7)
    expect(out).toEqual([SYSINTR_FIRMWARE + 7, SYSINTR_FIRMWARE + 7, false])
  })

  test('a kernel caller reaches any OAL IOCTL; unknown codes are ERROR_NOT_SUPPORTED', async () => {
    const { out } = await inKernel((ctx) => {
      const buf = ctx.LocalAlloc(0, 16)
      const r = [ctx.KernelIoControl(IOCTL_HAL_GET_UUID, 0, 0, buf, 16), ctx.KernelIoControl(0x0101fff0, 0, 0, buf, 16), ctx.GetLastError()]
      ctx.LocalFree(buf)
      return r
    })
    expect(out).toEqual([true, false, ERROR_NOT_SUPPORTED])
  })

  test('user mode passes only the oalioctl allow-list (five IOCTLs by default)', async () => {
    const m = machineWith([], '', { hardware: [{ base: 0x90000000, device: new ScratchDevice(), irq: 3 }] })
    const app = m.createProcess('app.exe')
    expect(DEFAULT_USER_ALLOW_LIST).toHaveLength(5)
    const out = app.alloc(64)
    const irq = app.alloc(4)
    app.writeU32(irq, 3)
    const uuid = await app.KernelIoControl(IOCTL_HAL_GET_UUID, 0, 0, out, 16)
    expect(uuid).toMatchObject({ ok: true, bytes: 16 })
    expect(await app.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, irq, 4, out, 4)).toMatchObject({ ok: false, lastError: ERROR_NOT_SUPPORTED })
  })

  test('the allow-list can be widened by a machine option, and OEM IOCTLs added', async () => {
    const OEM = 0x01012000
    const m = machineWith([], '', {
      oal: { ioctls: { [OEM]: (req) => ({ output: Uint8Array.from(req.input).reverse() }) }, userAllowList: [...DEFAULT_USER_ALLOW_LIST, OEM] },
    })
    const app = m.createProcess('app.exe')
    const inBuf = app.alloc(3)
    app.write(inBuf, [1, 2, 3])
    const out = app.alloc(3)
    expect(await app.KernelIoControl(OEM, inBuf, 3, out, 3)).toMatchObject({ ok: true, bytes: 3 })
    expect([...app.read(out, 3)]).toEqual([3, 2, 1])
  })

  test('GET_DEVICE_INFO, PROCESSOR_INFORMATION, CACHE_INFO and their errors', async () => {
    const m = machineWith([], '')
    const app = m.createProcess('app.exe')
    const spi = app.alloc(4)
    app.writeU32(spi, SPI_GETPLATFORMTYPE)
    const out = app.alloc(1024)
    const info = await app.KernelIoControl(IOCTL_HAL_GET_DEVICE_INFO, spi, 4, out, 64)
    expect(info.ok).toBe(true)
    expect(new TextDecoder('utf-16le').decode(app.read(out, info.bytes - 2))).toBe('CEDK')
    app.writeU32(spi, 999)
    expect((await app.KernelIoControl(IOCTL_HAL_GET_DEVICE_INFO, spi, 4, out, 64)).lastError).toBe(ERROR_INVALID_PARAMETER)
    expect(await app.KernelIoControl(IOCTL_PROCESSOR_INFORMATION, 0, 0, out, 574)).toMatchObject({ ok: true, bytes: 574 })
    expect((await app.KernelIoControl(IOCTL_PROCESSOR_INFORMATION, 0, 0, out, 10)).lastError).toBe(ERROR_INSUFFICIENT_BUFFER)
    expect((await app.KernelIoControl(IOCTL_HAL_GET_CACHE_INFO, 0, 0, out, 56)).ok).toBe(true)
    expect((await app.KernelIoControl(IOCTL_HAL_GET_CACHE_INFO, 0, 0, out, 60)).lastError).toBe(ERROR_INVALID_PARAMETER)
    expect((await app.KernelIoControl(IOCTL_HAL_GET_UUID, 0, 0, 0x80001000, 16)).lastError).toBe(ERROR_INVALID_PARAMETER)
  })

  test('the UUID is stable for a seed and differs between seeds', async () => {
    const uuid = async (seed: number) => {
      const app = machineWith([], '', { seed }).createProcess('app.exe')
      const out = app.alloc(16)
      await app.KernelIoControl(IOCTL_HAL_GET_UUID, 0, 0, out, 16)
      return [...app.read(out, 16)].join(',')
    }
    expect(await uuid(1)).toBe(await uuid(1))
    expect(await uuid(1)).not.toBe(await uuid(2))
  })
})
