// Fact sheet §5.1–§5.2, behaviours 9, 10, 12, 13 (kernel mode) and 11 (user mode): CeOpenCallerBuffer and
// CeCloseCallerBuffer.
import { describe, expect, test } from 'vitest'
import {
  ARG_DW,
  ARG_I_ASTR,
  ARG_I_PDW,
  ARG_I_PTR,
  ARG_I_WSTR,
  ARG_IO_PTR,
  ARG_O_PI64,
  ARG_O_PTR,
  E_ACCESSDENIED,
  E_INVALIDARG,
  Ev,
  MEM_RELEASE,
  Origin,
  S_OK,
  VM_NKVM_BASE,
  marshalLedger,
  type MarshalledPtr,
} from '../../src/index.js'
import { asEntry, embedded, ioctlWith, kernelRig, text, udeviceRig } from './rig.js'

type Open = { hr: number; ptr: number }

/** Open `ptr` in one IOCTL with (cb, desc, force) and close it again; the result of the open. */
async function openOnce(ptr: number, cb: number, desc: number, force = false): Promise<Open> {
  const r = await kernelRig()
  let got: Open = { hr: -1, ptr: -1 }
  await ioctlWith(
    r,
    (ctx, a) => {
      got = ctx.CeOpenCallerBuffer(embedded(ctx, a), cb, desc, force)
      if (got.hr === S_OK) ctx.CeCloseCallerBuffer(got.ptr as MarshalledPtr, embedded(ctx, a), cb, desc)
      return true
    },
    ptr,
  )
  return got
}

describe('behaviour 9: CeOpenCallerBuffer checks descriptors, sizes and the caller\'s access', () => {
  test('NULL, size 0, ARG_DW and unknown descriptors are E_INVALIDARG, with a NULL pointer', async () => {
    expect(await openOnce(0, 4, ARG_I_PTR)).toEqual({ hr: E_INVALIDARG, ptr: 0 })
    expect(await openOnce(0x20000, 0, ARG_I_PTR)).toEqual({ hr: E_INVALIDARG, ptr: 0 })
    expect(await openOnce(0x20000, 4, ARG_DW)).toEqual({ hr: E_INVALIDARG, ptr: 0 })
    for (const bad of [0x1, 0x2, 0x3, 0xb, 0xf]) expect((await openOnce(0x20000, 4, bad)).hr).toBe(E_INVALIDARG)
  })

  test('*_PDW must be 4 bytes and *_PI64 8', async () => {
    expect((await openOnce(0x20000, 8, ARG_I_PDW)).hr).toBe(E_INVALIDARG)
    expect((await openOnce(0x20000, 4, ARG_I_PDW)).hr).toBe(S_OK)
    expect((await openOnce(0x20000, 4, ARG_O_PI64)).hr).toBe(E_INVALIDARG)
    expect((await openOnce(0x20000, 8, ARG_O_PI64)).hr).toBe(S_OK)
  })

  test('a string of size 0 is measured, NUL included (wide and ANSI)', async () => {
    const r = await kernelRig()
    const w = r.app.alloc(64)
    r.app.write(w, new Uint8Array([0x68, 0, 0x69, 0, 0x21, 0, 0, 0])) // L"hi!"
    const s = r.app.alloc(64)
    r.app.write(s, 'hello\0')
    const sizes: number[] = []
    await ioctlWith(
      r,
      (ctx, a) => {
        const ledger = marshalLedger(r.mod)
        for (const [i, d] of [[0, ARG_I_WSTR], [1, ARG_I_ASTR]] as const) {
          const src = embedded(ctx, a, i)
          const o = ctx.CeOpenCallerBuffer(src, 0, d, true)
          sizes.push(ledger.find('CeOpenCallerBuffer', o.ptr)!.size)
          expect(ctx.CeCloseCallerBuffer(o.ptr, src, 0, d)).toBe(S_OK)
        }
        return true
      },
      w,
      s,
    )
    expect(sizes).toEqual([8, 6])
  })

  test('IsValidUsrPtr with the O bit: kernel addresses, the first 64 KiB, and writes to the shared heap are E_ACCESSDENIED', async () => {
    expect((await openOnce(0x80001000, 4, ARG_I_PTR)).hr).toBe(E_ACCESSDENIED)
    expect((await openOnce(VM_NKVM_BASE, 4, ARG_I_PTR)).hr).toBe(E_ACCESSDENIED)
    expect((await openOnce(0x8000, 4, ARG_I_PTR)).hr).toBe(E_ACCESSDENIED)
    expect((await openOnce(0x7000_0000, 4, ARG_O_PTR)).hr).toBe(E_ACCESSDENIED)
    expect((await openOnce(0x7000_0000, 4, ARG_I_PTR)).hr).toBe(S_OK)
    expect((await openOnce(0x7fff_fff0, 0x20, ARG_I_PTR)).hr).toBe(E_ACCESSDENIED)
  })

  test('kernel to kernel (direct caller = nk.exe) a kernel address is legal', async () => {
    const r = await kernelRig()
    const mod = r.mod
    const res = await asEntry(r.m, mod, r.m.kernel, (ctx) => {
      const own = ctx.LocalAlloc(0, 16)
      const o = ctx.CeOpenCallerBuffer(own, 16, ARG_IO_PTR, false)
      return { own, o, close: ctx.CeCloseCallerBuffer(o.ptr, own, 16, ARG_IO_PTR) }
    })
    expect(res.o).toEqual({ hr: S_OK, ptr: res.own })
    expect(res.close).toBe(S_OK)
  })

  test('a failure leaves the last error alone and is traced as a marshal event', async () => {
    const r = await kernelRig()
    let lastError = -1
    await ioctlWith(
      r,
      (ctx) => {
        ctx.SetLastError(1234)
        ctx.CeOpenCallerBuffer(0x80000000, 4, ARG_I_PTR, false)
        lastError = ctx.GetLastError()
        return true
      },
      0,
    )
    expect(lastError).toBe(1234)
    const ev = r.m.trace.events().find((e) => e.kind === Ev.Marshal)!
    expect(ev.detail).toMatchObject({ op: 'CeOpenCallerBuffer', hr: E_ACCESSDENIED })
  })
})

describe('behaviour 10: kernel-mode CeOpenCallerBuffer gives the same pointer, or a heap copy with ForceDuplicate', () => {
  test('without ForceDuplicate the caller pointer itself, traced as marshalled access in the caller VM', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    r.app.write(buf, 'DATA')
    let got: Open = { hr: -1, ptr: -1 }
    await ioctlWith(
      r,
      (ctx, a) => {
        got = ctx.CeOpenCallerBuffer(embedded(ctx, a), 4, ARG_I_PTR, false)
        ctx.mem.read(got.ptr as MarshalledPtr, 4)
        return ctx.CeCloseCallerBuffer(got.ptr, embedded(ctx, a), 4, ARG_I_PTR) === S_OK
      },
      buf,
    )
    expect(got).toEqual({ hr: S_OK, ptr: buf })
    const read = r.m.trace.events().find((e) => e.kind === Ev.MemRead && e.a === buf)!
    expect([read.c, read.d]).toEqual([Origin.Marshalled, r.app.id])
  })

  test('with ForceDuplicate a kernel heap copy, copied in for I and for O descriptors', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    r.app.write(buf, 'KEEP')
    const seen: string[] = []
    let ptrs: number[] = []
    await ioctlWith(
      r,
      (ctx, a) => {
        for (const d of [ARG_I_PTR, ARG_O_PTR, ARG_IO_PTR]) {
          const o = ctx.CeOpenCallerBuffer(embedded(ctx, a), 4, d, true)
          ptrs.push(o.ptr)
          seen.push(text(ctx.mem.read(o.ptr, 4)))
          ctx.CeCloseCallerBuffer(o.ptr, embedded(ctx, a), 4, d)
        }
        return true
      },
      buf,
    )
    expect(seen).toEqual(['KEEP', 'KEEP', 'KEEP'])
    for (const p of ptrs) expect(p).toBeGreaterThanOrEqual(VM_NKVM_BASE)
    ptrs = []
  })
})

describe('behaviour 11: user-mode CeOpenCallerBuffer always duplicates, reading the caller with ReadProcessMemory', () => {
  test('through real activation (Flags=0x10): a copy in the udevice even without ForceDuplicate', async () => {
    const r = await kernelRig({ userMode: true })
    const buf = r.app.alloc(16)
    r.app.write(buf, 'UDEV')
    const seen: { hr: number; ptr: number; data: string; km: boolean }[] = []
    const res = await ioctlWith(
      r,
      (ctx, a) => {
        const src = embedded(ctx, a)
        const o = ctx.CeOpenCallerBuffer(src, 4, ARG_I_PTR, false)
        seen.push({ ...o, data: text(ctx.mem.read(o.ptr, 4)), km: ctx.kernelMode })
        return ctx.CeCloseCallerBuffer(o.ptr, src, 4, ARG_I_PTR) === S_OK
      },
      buf,
    )
    expect(res.ok).toBe(true)
    expect(seen[0]).toMatchObject({ hr: S_OK, data: 'UDEV', km: false })
    expect(seen[0]!.ptr).not.toBe(buf)
    expect(seen[0]!.ptr).toBeLessThan(0x40000000)
  })

  test('O/IO buffers are written back to the caller at close, through WriteProcessMemory', async () => {
    const r = await kernelRig({ userMode: true })
    const buf = r.app.alloc(16)
    r.app.write(buf, 'old.')
    const res = await ioctlWith(
      r,
      (ctx, a) => {
        const src = embedded(ctx, a)
        const o = ctx.CeOpenCallerBuffer(src, 4, ARG_IO_PTR, false)
        ctx.mem.write(o.ptr, new TextEncoder().encode('new!'))
        return ctx.CeCloseCallerBuffer(o.ptr, src, 4, ARG_IO_PTR) === S_OK
      },
      buf,
    )
    expect(res.ok).toBe(true)
    expect(text(r.app.read(buf, 4))).toBe('new!')
  })

  test('a kernel address (an embedded pointer from a kernel-mode caller) is E_ACCESSDENIED', async () => {
    const { m, mod, appProc } = await udeviceRig()
    const fromApp = await asEntry(m, mod, appProc, (ctx) => ctx.CeOpenCallerBuffer(0xd0000000, 16, ARG_I_PTR, false))
    expect(fromApp).toEqual({ hr: E_ACCESSDENIED, ptr: 0 })
    const fromKernel = await asEntry(m, mod, m.kernel, (ctx) => ctx.CeOpenCallerBuffer(0xd0000000, 16, ARG_I_PTR, true))
    expect(fromKernel).toEqual({ hr: E_ACCESSDENIED, ptr: 0 })
  })

  test('a user address that the caller has not mapped is E_ACCESSDENIED (ReadProcessMemory fails)', async () => {
    const { m, mod, appProc } = await udeviceRig()
    expect(await asEntry(m, mod, appProc, (ctx) => ctx.CeOpenCallerBuffer(0x3000_0000, 16, ARG_I_PTR, false))).toEqual({ hr: E_ACCESSDENIED, ptr: 0 })
  })
})

describe('behaviour 12: CeCloseCallerBuffer writes back only O/IO, frees even when the write-back fails', () => {
  test('I buffers are not written back; O and IO are', async () => {
    const r = await kernelRig()
    const bufs = [r.app.alloc(16), r.app.alloc(16), r.app.alloc(16)]
    for (const b of bufs) r.app.write(b, '....')
    const descs = [ARG_I_PTR, ARG_O_PTR, ARG_IO_PTR]
    await ioctlWith(
      r,
      (ctx, a) => {
        descs.forEach((d, i) => {
          const src = embedded(ctx, a, i)
          const o = ctx.CeOpenCallerBuffer(src, 4, d, true)
          ctx.mem.write(o.ptr, new TextEncoder().encode('XXXX'))
          expect(ctx.CeCloseCallerBuffer(o.ptr, src, 4, d)).toBe(S_OK)
        })
        return true
      },
      ...bufs,
    )
    expect(bufs.map((b) => text(r.app.read(b, 4)))).toEqual(['....', 'XXXX', 'XXXX'])
  })

  test('dest == src is S_OK (a direct buffer)', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    let hr = -1
    await ioctlWith(r, (ctx, a) => ((hr = ctx.CeCloseCallerBuffer(ctx.CeOpenCallerBuffer(embedded(ctx, a), 4, ARG_O_PTR, false).ptr, buf, 4, ARG_O_PTR)), true), buf)
    expect(hr).toBe(S_OK)
  })

  test('a failed write-back is E_ACCESSDENIED and the copy is freed anyway', async () => {
    const r = await kernelRig()
    const mod = r.mod
    const app = r.m.processes.get(r.app.id)!
    const buf = r.app.alloc(16)
    const o = await asEntry(r.m, mod, app, (ctx) => ctx.CeOpenCallerBuffer(buf, 4, ARG_O_PTR, true))
    expect(o.hr).toBe(S_OK)
    expect(mod.heap.sizeOf(o.ptr)).toBeGreaterThan(0)
    r.app.VirtualFree(buf, 0, MEM_RELEASE)
    const hr = await asEntry(r.m, mod, app, (ctx) => ctx.CeCloseCallerBuffer(o.ptr, buf, 4, ARG_O_PTR))
    expect(hr).toBe(E_ACCESSDENIED)
    expect(mod.heap.sizeOf(o.ptr)).toBeUndefined()
    expect(marshalLedger(mod).history().at(-1)).toMatchObject({ dest: o.ptr, state: 'closed' })
  })

  test('a pointer CeOpenCallerBuffer never returned, or an O buffer of size 0, is E_INVALIDARG', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    const hrs: number[] = []
    await ioctlWith(
      r,
      (ctx, a) => {
        const src = embedded(ctx, a)
        hrs.push(ctx.CeCloseCallerBuffer(ctx.LocalAlloc(0, 4), src, 4, ARG_I_PTR))
        const o = ctx.CeOpenCallerBuffer(src, 4, ARG_O_PTR, true)
        hrs.push(ctx.CeCloseCallerBuffer(o.ptr, src, 0, ARG_O_PTR))
        hrs.push(ctx.CeCloseCallerBuffer(o.ptr, src, 4, ARG_O_PTR))
        return true
      },
      buf,
    )
    expect(hrs).toEqual([E_INVALIDARG, E_INVALIDARG, S_OK])
  })
})

describe('behaviour 13: duplicated buffers hide later caller writes', () => {
  test('the caller changes the buffer while the driver waits: the duplicate keeps the old data, a direct buffer sees the new', async () => {
    const r = await kernelRig()
    const dupSrc = r.app.alloc(16)
    const dirSrc = r.app.alloc(16)
    r.app.write(dupSrc, 'OLD1')
    r.app.write(dirSrc, 'OLD2')
    const seen: string[] = []
    r.body(async (ctx, a) => {
      const d = ctx.CeOpenCallerBuffer(embedded(ctx, a, 0), 4, ARG_I_PTR, true)
      const s = ctx.CeOpenCallerBuffer(embedded(ctx, a, 1), 4, ARG_I_PTR, false)
      await ctx.Sleep(1)
      seen.push(text(ctx.mem.read(d.ptr, 4)), text(ctx.mem.read(s.ptr, 4)))
      ctx.CeCloseCallerBuffer(d.ptr, embedded(ctx, a, 0), 4, ARG_I_PTR)
      ctx.CeCloseCallerBuffer(s.ptr, embedded(ctx, a, 1), 4, ARG_I_PTR)
      return true
    })
    const pIn = r.app.alloc(8)
    r.app.writeU32(pIn, dupSrc)
    r.app.writeU32(pIn + 4, dirSrc)
    const call = r.app.DeviceIoControl(r.h, 1, pIn, 8, 0, 0)
    r.app.write(dupSrc, 'NEW1')
    r.app.write(dirSrc, 'NEW2')
    expect((await call).ok).toBe(true)
    expect(seen).toEqual(['OLD1', 'NEW2'])
  })

  test('a second caller thread rewrites the buffer mid-call: the user-mode duplicate is immune too', async () => {
    const r = await kernelRig({ userMode: true })
    const src = r.app.alloc(16)
    r.app.write(src, 'SAFE')
    const seen: string[] = []
    r.body(async (ctx, a) => {
      if (a.code === 2) return true
      const o = ctx.CeOpenCallerBuffer(embedded(ctx, a), 4, ARG_I_PTR, false)
      await ctx.Sleep(5)
      seen.push(text(ctx.mem.read(o.ptr, 4)))
      return ctx.CeCloseCallerBuffer(o.ptr, embedded(ctx, a), 4, ARG_I_PTR) === S_OK
    })
    const pIn = r.app.alloc(4)
    r.app.writeU32(pIn, src)
    const call = r.app.DeviceIoControl(r.h, 1, pIn, 4, 0, 0)
    const t2 = r.app.createThread()
    await t2.DeviceIoControl(r.h, 2, 0, 0, 0, 0)
    r.app.write(src, 'EVIL')
    expect((await call).ok).toBe(true)
    expect(seen).toEqual(['SAFE'])
  })
})
