// Fact sheet §14, behaviours 1, 2, 3, 7, 8 and 21: the CE6 address layout and the kernel's checks on pointers that
// user-mode callers pass.
import { describe, expect, test } from 'vitest'
import {
  AccessViolation,
  ERROR_INVALID_PARAMETER,
  FILE_ANY_ACCESS,
  FILE_WRITE_ACCESS,
  GENERIC_READ,
  IsValidUsrPtr,
  MEM_COMMIT,
  METHOD_BUFFERED,
  METHOD_NEITHER,
  CTL_CODE,
  type DriverContext,
  type OwnPtr,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const IOCTL_SHARED_ADDR = CTL_CODE(0x8000, 1, METHOD_BUFFERED, FILE_ANY_ACCESS)
const IOCTL_CALL_PEER = CTL_CODE(0x8000, 2, METHOD_BUFFERED, FILE_ANY_ACCESS)

/** A driver that owns a page of the shared heap (readable by every process) and reports its address. */
function sharedHeapDriver() {
  let shared = 0 as OwnPtr
  return recorder('shared.dll', (ctx, log) => ({
    Init: () => {
      shared = ctx.CeVirtualSharedAlloc(0, 4096, MEM_COMMIT)
      ctx.mem.write(shared, [0x53, 0x48, 0x52, 0x44]) // "SHRD"
      return 1
    },
    Deinit: () => {
      ctx.VirtualFree(shared, 0, 0x8000)
      return true
    },
    IOControl: (_h, code, _pIn, nIn, pOut, _nOut, pActual) => {
      log.push(`IOControl(${code.toString(16)}, ${nIn})`)
      if (code === IOCTL_SHARED_ADDR) {
        ctx.mem.writeU32(pOut, shared)
        if (pActual) ctx.mem.writeU32(pActual, 4)
      }
      return true
    },
  }))
}

async function bootShared() {
  const drv = sharedHeapDriver()
  const m = machineWith([drv], driverKey('Shared', { Dll: 'shared.dll', Prefix: 'SHR', Index: 1 }))
  await m.ActivateDeviceEx('Drivers\\BuiltIn\\Shared')
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile('SHR1:')).handle
  const r = await app.ioctl(h, IOCTL_SHARED_ADDR, [], 4)
  const shared = new DataView(r.output.buffer).getUint32(0, true)
  return { m, app, h, shared, drv }
}

describe('behaviour 1: per-process user space, a shared heap user code may read but not write, kernel above 0x80000000', () => {
  test('two processes have separate memory at the same virtual address', async () => {
    const { m } = await bootShared()
    const a = m.createProcess('a.exe')
    const b = m.createProcess('b.exe')
    const pa = a.alloc(16)
    const pb = b.alloc(16)
    expect(pa).toBe(pb) // each process's first allocation lands at the same address…
    a.write(pa, 'AAAA')
    b.write(pb, 'BBBB')
    expect(new TextDecoder().decode(a.read(pa, 4))).toBe('AAAA') // …and they do not share it
    expect(pa).toBeGreaterThanOrEqual(0x10000)
    expect(pa).toBeLessThan(0x40000000)
  })

  test('the shared heap is readable by a user process and not writable', async () => {
    const { app, shared } = await bootShared()
    expect(shared).toBeGreaterThanOrEqual(0x70000000)
    expect(shared).toBeLessThan(0x7ff00000)
    expect(new TextDecoder().decode(app.read(shared, 4))).toBe('SHRD')
    expect(() => app.write(shared, [1])).toThrow(AccessViolation)
  })

  test('kernel addresses, the first 64 KiB and the guard below 0x80000000 all fault for user code', async () => {
    const { app } = await bootShared()
    for (const addr of [0x80001000, 0xd0000000, 0x0, 0xfff0, 0x7ff00000, 0x7fffff00]) {
      expect(() => app.read(addr, 4), `0x${addr.toString(16)}`).toThrow(AccessViolation)
    }
  })

  test('kernel-mode allocations are kernel addresses', async () => {
    let p = 0
    const drv = recorder('k.dll', (ctx) => ({ Init: () => ((p = ctx.LocalAlloc(0, 64)), 1), Deinit: () => (ctx.LocalFree(p as OwnPtr), true) }))
    const m = machineWith([drv], driverKey('K', { Dll: 'k.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\K')
    expect(p).toBeGreaterThanOrEqual(0xd0000000)
  })
})

describe('behaviour 2: IsValidUsrPtr(ptr, size, fWrite) exactly as vmlayout.h defines it', () => {
  test.each([
    [0x10000, 0, false, true],
    [0xffff, 1, false, false], // below 0x10000
    [0x6fffffff, 0, true, true], // ptr + size < 0x70000000
    [0x6ffffff0, 0x10, true, false], // ptr + size == 0x70000000: not below
    [0x6ffffff0, 0x10, false, true], // reads may reach into the shared heap
    [0x7fffffff, 0, false, true],
    [0x7ffffff0, 0x10, false, false], // ptr + size == 0x80000000
    [0x80000000, 0, false, false], // (int)ptr < 0
    [0x10000, 0x80000000, false, false], // (int)size < 0
    [0x10000, 0xffffffff, false, false], // size -1
  ])('IsValidUsrPtr(%i, %i, %s) = %s', (ptr, size, write, want) => {
    expect(IsValidUsrPtr(ptr, size, write)).toBe(want)
  })
})

describe('behaviour 3: first-level pointers of user-mode calls are validated per ARG_* descriptor; kernel callers are not', () => {
  test('a kernel address as a user caller\'s input buffer fails with ERROR_INVALID_PARAMETER and never reaches the driver', async () => {
    const { app, h, drv } = await bootShared()
    const before = drv.log.length
    const out = app.alloc(16)
    const r = await app.DeviceIoControl(h, 0x99, 0x80001000, 16, out, 16)
    expect(r).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(drv.log.length).toBe(before)
  })

  test('NULL pointers are not checked, whatever their size', async () => {
    const { app, h, drv } = await bootShared()
    const r = await app.DeviceIoControl(h, 0x99, 0, 0x1000, 0, 0x1000)
    expect(r.ok).toBe(true)
    expect(drv.log.at(-1)).toBe('IOControl(99, 4096)')
  })

  test('a buffer whose end passes the user range is refused even though it starts inside it', async () => {
    const { app, h } = await bootShared()
    const p = app.alloc(16)
    expect((await app.DeviceIoControl(h, 0x99, p, 0x7fff0000, 0, 0)).lastError).toBe(ERROR_INVALID_PARAMETER)
  })

  test('a kernel-mode caller may pass kernel addresses: nothing is checked', async () => {
    const target = recorder('target.dll', (ctx, log) => ({
      IOControl: (_h, _c, pIn, nIn) => {
        log.push(`got ${new TextDecoder().decode(ctx.mem.read(pIn, nIn))}`)
        return true
      },
    }))
    const client = recorder('client.dll', (ctx: DriverContext, log) => ({
      IOControl: async (_h, code) => {
        if (code !== IOCTL_CALL_PEER) return true
        const buf = ctx.LocalAlloc(0, 8)
        ctx.mem.write(buf, [0x6b, 0x65, 0x72, 0x6e]) // "kern"
        const h = await ctx.CreateFile('TGT1:', GENERIC_READ)
        const ok = await ctx.DeviceIoControl(h, 1, buf, 4, 0, 0)
        log.push(`peer ok=${ok} at 0x${buf.toString(16)}`)
        await ctx.CloseHandle(h)
        ctx.LocalFree(buf)
        return ok
      },
    }))
    const m = machineWith(
      [target, client],
      driverKey('Target', { Dll: 'target.dll', Prefix: 'TGT', Index: 1 }) + driverKey('Client', { Dll: 'client.dll', Prefix: 'CLI', Index: 1 }),
    )
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\Target')
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\Client')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('CLI1:')).handle
    expect((await app.DeviceIoControl(h, IOCTL_CALL_PEER, 0, 0, 0, 0)).ok).toBe(true)
    expect(target.log).toContain('got kern')
    expect(client.log.at(-1)).toMatch(/^peer ok=true at 0xd/)
  })
})

describe('behaviour 7: DeviceIoControl is FNSIG8(DW, DW, I_PTR, DW, IO_PTR, DW, O_PDW, IO_PDW); method and access bits change nothing', () => {
  test('the input buffer is read-checked: a shared-heap pointer is accepted as input', async () => {
    const { app, h, shared } = await bootShared()
    expect((await app.DeviceIoControl(h, 0x99, shared, 4, 0, 0)).ok).toBe(true)
  })

  test('the output buffer and lpBytesReturned are write-checked: a shared-heap pointer is refused', async () => {
    const { app, h, shared } = await bootShared()
    expect((await app.DeviceIoControl(h, 0x99, 0, 0, shared, 4)).lastError).toBe(ERROR_INVALID_PARAMETER)
    expect((await app.DeviceIoControl(h, 0x99, 0, 0, 0, 0, shared)).lastError).toBe(ERROR_INVALID_PARAMETER)
  })

  test('METHOD_NEITHER and FILE_WRITE_ACCESS codes reach the driver the same way, on a read-only handle', async () => {
    const { app, drv } = await bootShared()
    const ro = (await app.CreateFile('SHR1:', GENERIC_READ)).handle
    const code = CTL_CODE(0x8000, 7, METHOD_NEITHER, FILE_WRITE_ACCESS)
    const inBuf = app.alloc(8)
    expect((await app.DeviceIoControl(ro, code, inBuf, 8, 0, 0)).ok).toBe(true)
    expect(drv.log.at(-1)).toBe(`IOControl(${code.toString(16)}, 8)`)
  })
})

describe('behaviour 8: ReadFile/WriteFile buffers are checked in the direction the data moves (SPEC decision)', () => {
  async function bootRw(descriptors: 'intended' | 'ce6-source') {
    const drv = recorder('rw.dll')
    const m = machineWith([drv], driverKey('Rw', { Dll: 'rw.dll', Prefix: 'RWD', Index: 1 }) + driverKey('Shared', { Dll: 'shared.dll' }), {
      readWriteDescriptors: descriptors,
    })
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\Rw')
    const app = m.createProcess('app.exe')
    return { app, h: (await app.CreateFile('RWD1:')).handle }
  }
  // An address in the shared heap: valid to read from user mode, not to write (behaviour 2).
  const SHARED = 0x70001000

  test('intended (default): ReadFile needs a writable buffer, WriteFile a readable one', async () => {
    const { app, h } = await bootRw('intended')
    expect((await app.ReadFile(h, SHARED, 4)).lastError).toBe(ERROR_INVALID_PARAMETER)
    expect((await app.WriteFile(h, SHARED, 4)).ok).toBe(true)
  })

  test("'ce6-source': the swapped descriptors of the CE6 source (ReadFile I_PTR, WriteFile O_PTR)", async () => {
    const { app, h } = await bootRw('ce6-source')
    expect((await app.ReadFile(h, SHARED, 4)).ok).toBe(true)
    expect((await app.WriteFile(h, SHARED, 4)).lastError).toBe(ERROR_INVALID_PARAMETER)
  })

  test('the byte-count pointer is write-checked in both', async () => {
    const { app, h } = await bootRw('intended')
    const buf = app.alloc(4)
    expect((await app.ReadFile(h, buf, 4, SHARED)).lastError).toBe(ERROR_INVALID_PARAMETER)
    expect((await app.WriteFile(h, buf, 4, 0x80000000)).lastError).toBe(ERROR_INVALID_PARAMETER)
  })
})

describe('behaviour 21: user-mode Read/WriteProcessMemory on kernel addresses fails with ERROR_INVALID_PARAMETER', () => {
  test('reading or writing kernel memory from user mode is refused; user memory of another process is not', async () => {
    const { m, app } = await bootShared()
    const other = m.createProcess('other.exe')
    const p = other.alloc(16)
    other.write(p, 'peer')
    const r = await app.ReadProcessMemory(other.id, p, 4)
    expect(r.ok).toBe(true)
    expect(new TextDecoder().decode(r.data)).toBe('peer')
    expect(await app.ReadProcessMemory(other.id, 0xd0000000, 4)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(await app.WriteProcessMemory(other.id, 0x80001000, [1, 2])).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    // Success leaves the thread's last error as it was (87 from the refused calls above), as Win32 does.
    expect(await app.WriteProcessMemory(other.id, p, [0x21])).toMatchObject({ ok: true, lastError: ERROR_INVALID_PARAMETER })
    expect(other.read(p, 1)[0]).toBe(0x21)
  })

  test('a kernel-mode driver may read kernel memory with ReadProcessMemory', async () => {
    let ok = false
    let got = ''
    const drv = recorder('k.dll', (ctx) => ({
      Init: () => {
        const src = ctx.LocalAlloc(0, 8)
        const dst = ctx.LocalAlloc(0, 8)
        ctx.mem.write(src, [0x6f, 0x6b])
        ok = ctx.ReadProcessMemory(ctx.GetCurrentProcessId(), src, dst, 2)
        got = new TextDecoder().decode(ctx.mem.read(dst, 2))
        ctx.LocalFree(src)
        ctx.LocalFree(dst)
        return 1
      },
    }))
    const m = machineWith([drv], driverKey('K', { Dll: 'k.dll' }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\K')
    expect([ok, got]).toEqual([true, 'ok'])
  })
})

