// Fact sheet §5.3, behaviours 14 and 15: CeAllocAsynchronousBuffer, CeFreeAsynchronousBuffer,
// CeFlushAsynchronousBuffer, in kernel mode (CICO copies and aliases) and in user mode (the same pointer).
import { describe, expect, test } from 'vitest'
import {
  ARG_I_PTR,
  ARG_IO_PTR,
  ARG_O_PTR,
  E_ACCESSDENIED,
  E_FAIL,
  E_INVALIDARG,
  ERROR_NOT_SUPPORTED,
  HRESULT_FROM_WIN32,
  MARSHAL_CICO_SIZE,
  MARSHAL_FORCE_ALIAS,
  MEM_RELEASE,
  Origin,
  Ev,
  S_OK,
  VM_NKVM_BASE,
  marshalLedger,
  type AsyncPtr,
  type DriverContext,
  type MarshalledPtr,
} from '../../src/index.js'
import { asEntry, embedded, ioctlWith, kernelRig, text, udeviceRig, type KernelRig } from './rig.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

interface Kept {
  src: number
  sync: MarshalledPtr
  async: AsyncPtr
  hr: number
}

/** IOCTL 1: open the embedded buffer directly, re-marshal it for async use with `desc`, keep both. */
async function keepAsync(r: KernelRig, buf: number, size: number, desc: number): Promise<Kept> {
  let kept: Kept | null = null
  await ioctlWith(
    r,
    (ctx, a) => {
      const src = embedded(ctx, a)
      const o = ctx.CeOpenCallerBuffer(src, size, desc & ~MARSHAL_FORCE_ALIAS, false)
      const as = ctx.CeAllocAsynchronousBuffer(o.ptr, size, desc)
      kept = { src, sync: o.ptr, async: as.ptr, hr: as.hr }
      return true
    },
    buf,
  )
  return kept!
}

/** Later, on a thread of the driver's own (no caller, no VM of its own): run `fn`. */
async function onDriverThread<T>(r: KernelRig, fn: (ctx: DriverContext) => T | Promise<T>): Promise<T> {
  let out: T | undefined
  await ioctlWith(r, (ctx) => {
    ctx.CreateThread(async () => {
      await ctx.Sleep(5)
      out = await fn(ctx)
    })
    return true
  })
  await r.m.advance(10)
  return out as T
}

describe('behaviour 14: CeAllocAsynchronousBuffer is called during the call and usable after it returns', () => {
  test(`kernel mode, ≤ ${MARSHAL_CICO_SIZE} bytes: a heap copy, written back to the caller at free (from the driver's own thread)`, async () => {
    const r = await kernelRig()
    const other = r.m.createProcess('other.exe')
    const buf = r.app.alloc(MARSHAL_CICO_SIZE)
    r.app.write(buf, 'in..')
    const k = await keepAsync(r, buf, MARSHAL_CICO_SIZE, ARG_IO_PTR)
    expect(k.hr).toBe(S_OK)
    expect(k.async).toBeGreaterThanOrEqual(VM_NKVM_BASE)
    expect(marshalLedger(r.mod).find('CeAllocAsynchronousBuffer', k.async)?.kind).toBe('cico')
    // Another process runs in between, so its VM is the one loaded when the driver's thread runs.
    r.body(() => true)
    await other.ioctl((await other.CreateFile('MAR1:')).handle, 9)
    const res = await onDriverThread(r, (ctx) => {
      const before = text(ctx.mem.read(k.async, 4))
      ctx.mem.write(k.async, enc('OUT!'))
      const beforeFree = text(r.app.read(buf, 4))
      const hr = ctx.CeFreeAsynchronousBuffer(k.async, k.sync, MARSHAL_CICO_SIZE, ARG_IO_PTR)
      return { before, beforeFree, hr }
    })
    expect(res).toEqual({ before: 'in..', beforeFree: 'in..', hr: S_OK })
    expect(text(r.app.read(buf, 4))).toBe('OUT!')
    const access = r.m.trace.events().find((e) => e.kind === Ev.MemWrite && e.a === k.async)!
    expect(access.c).toBe(Origin.Async)
  })

  test('kernel mode, larger than 520 bytes: an alias of the caller pages in kernel space; writes reach the caller at once', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(4096)
    const k = await keepAsync(r, buf + 100, 1000, ARG_O_PTR)
    expect(k.hr).toBe(S_OK)
    expect(k.async).toBeGreaterThanOrEqual(VM_NKVM_BASE)
    expect((k.async & 0xfff) >>> 0).toBe(100)
    expect(marshalLedger(r.mod).find('CeAllocAsynchronousBuffer', k.async)?.kind).toBe('alias')
    const hr = await onDriverThread(r, (ctx) => {
      ctx.mem.write(k.async, enc('LIVE'))
      return { seen: text(r.app.read(buf + 100, 4)), flush: ctx.CeFlushAsynchronousBuffer(k.async, k.sync, k.src, 1000, ARG_O_PTR), free: ctx.CeFreeAsynchronousBuffer(k.async, k.sync, 1000, ARG_O_PTR) }
    })
    expect(hr).toEqual({ seen: 'LIVE', flush: S_OK, free: S_OK })
  })

  test('MARSHAL_FORCE_ALIAS aliases a small buffer, an input one read-only; Free must repeat the flag', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(64)
    r.app.write(buf, 'ro..')
    const k = await keepAsync(r, buf, 16, ARG_I_PTR | MARSHAL_FORCE_ALIAS)
    expect(marshalLedger(r.mod).find('CeAllocAsynchronousBuffer', k.async)?.kind).toBe('alias')
    const res = await onDriverThread(r, (ctx) => {
      const read = text(ctx.mem.read(k.async, 4))
      let fault = ''
      try {
        ctx.mem.write(k.async, enc('no'))
      } catch (e) {
        fault = (e as Error).name
      }
      return { read, fault, wrongFree: ctx.CeFreeAsynchronousBuffer(k.async, k.sync, 16, ARG_I_PTR), free: ctx.CeFreeAsynchronousBuffer(k.async, k.sync, 16, ARG_I_PTR | MARSHAL_FORCE_ALIAS) }
    })
    expect(res).toEqual({ read: 'ro..', fault: 'AccessViolation', wrongFree: E_INVALIDARG, free: S_OK })
  })

  test("on the driver's own thread (not during a call) it fails with E_ACCESSDENIED", async () => {
    const r = await kernelRig()
    const res = await onDriverThread(r, (ctx) => ctx.CeAllocAsynchronousBuffer(ctx.LocalAlloc(0, 16), 16, ARG_I_PTR))
    expect(res).toEqual({ hr: E_ACCESSDENIED, ptr: 0 })
  })

  test('a source already in kernel memory (a ForceDuplicate copy) is used as it is', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    let got: number[] = []
    await ioctlWith(
      r,
      (ctx, a) => {
        const o = ctx.CeOpenCallerBuffer(embedded(ctx, a), 16, ARG_IO_PTR, true)
        const as = ctx.CeAllocAsynchronousBuffer(o.ptr, 16, ARG_IO_PTR)
        ctx.mem.write(as.ptr, enc('dup!'))
        got = [o.ptr, as.hr, as.ptr, ctx.CeFlushAsynchronousBuffer(as.ptr, o.ptr, embedded(ctx, a), 16, ARG_IO_PTR)]
        got.push(ctx.CeFreeAsynchronousBuffer(as.ptr, o.ptr, 16, ARG_IO_PTR), ctx.CeCloseCallerBuffer(o.ptr, embedded(ctx, a), 16, ARG_IO_PTR))
        return true
      },
      buf,
    )
    expect(got).toEqual([got[0], S_OK, got[0], S_OK, S_OK, S_OK])
    expect(text(r.app.read(buf, 4))).toBe('dup!')
  })

  test('a CICO write-back to a caller that freed its buffer fails: Free is E_FAIL and the copy is gone', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(64)
    const k = await keepAsync(r, buf, 16, ARG_O_PTR)
    r.app.VirtualFree(buf, 0, MEM_RELEASE)
    expect(await onDriverThread(r, (ctx) => ctx.CeFreeAsynchronousBuffer(k.async, k.sync, 16, ARG_O_PTR))).toBe(E_FAIL)
    expect(marshalLedger(r.mod).live()).toHaveLength(1) // the caller buffer the test never closed
  })

  test('user mode (Flags=0x10): the CeOpenCallerBuffer duplicate itself; Free does nothing; the data lives until close', async () => {
    const r = await kernelRig({ userMode: true })
    const buf = r.app.alloc(16)
    r.app.write(buf, 'usr.')
    const k = await keepAsync(r, buf, 16, ARG_IO_PTR)
    expect(k.hr).toBe(S_OK)
    expect(k.async).toBe(k.sync)
    expect(k.async).not.toBe(buf)
    const res = await onDriverThread(r, (ctx) => {
      ctx.mem.write(k.async, enc('back'))
      return { free: ctx.CeFreeAsynchronousBuffer(k.async, k.sync, 16, ARG_IO_PTR), still: text(ctx.mem.read(k.sync, 4)) }
    })
    expect(res).toEqual({ free: S_OK, still: 'back' })
    // The write-back needs the caller: during a later call from it, it works.
    r.body((ctx) => ctx.CeCloseCallerBuffer(k.sync, k.src, 16, ARG_IO_PTR) === S_OK)
    expect((await r.app.DeviceIoControl(r.h, 3, 0, 0, 0, 0)).ok).toBe(true)
    expect(text(r.app.read(buf, 4))).toBe('back')
  })

  test("user mode: no write-back after the call (a udevice reaches the caller only while serving it): close is E_ACCESSDENIED, the copy freed", async () => {
    const r = await kernelRig({ userMode: true })
    const buf = r.app.alloc(16)
    r.app.write(buf, 'usr.')
    const k = await keepAsync(r, buf, 16, ARG_IO_PTR)
    const hr = await onDriverThread(r, (ctx) => {
      ctx.mem.write(k.async, enc('late'))
      ctx.CeFreeAsynchronousBuffer(k.async, k.sync, 16, ARG_IO_PTR)
      return ctx.CeCloseCallerBuffer(k.sync, k.src, 16, ARG_IO_PTR)
    })
    expect(hr).toBe(E_ACCESSDENIED)
    expect(text(r.app.read(buf, 4))).toBe('usr.')
    expect(marshalLedger(r.mod).live()).toEqual([])
  })

  test('user mode: a parameter pointer comes back unchanged, and a no-op Free is S_OK even for nonsense', async () => {
    const { m, mod, appProc } = await udeviceRig()
    const res = await asEntry(m, mod, appProc, (ctx) => {
      const p = ctx.LocalAlloc(0, 32)
      return { p, a: ctx.CeAllocAsynchronousBuffer(p, 32, ARG_I_PTR), f: ctx.CeFreeAsynchronousBuffer(0x1234, 0, 0, ARG_I_PTR) }
    })
    expect(res.a).toEqual({ hr: S_OK, ptr: res.p })
    expect(res.f).toBe(S_OK)
  })
})

describe('behaviour 15: CeFlushAsynchronousBuffer', () => {
  test('without ARG_O_BIT it is HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(64)
    const k = await keepAsync(r, buf, 16, ARG_I_PTR)
    const hr = await onDriverThread(r, (ctx) => ctx.CeFlushAsynchronousBuffer(k.async, k.sync, k.src, 16, ARG_I_PTR))
    expect(hr).toBe(HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED))
    expect(hr).toBe(0x80070032)
  })

  test('a CICO buffer is written back at each flush, without reading the source', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(64)
    r.app.write(buf, 'a...')
    const k = await keepAsync(r, buf, 16, ARG_IO_PTR)
    r.app.write(buf + 8, 'CALR')
    const res = await onDriverThread(r, (ctx) => {
      ctx.mem.write(k.async, enc('b'))
      const hr = ctx.CeFlushAsynchronousBuffer(k.async, k.sync, k.src, 16, ARG_IO_PTR)
      return { hr, after: text(r.app.read(buf, 4)), copy: text(ctx.mem.read(k.async, 12)).slice(8) }
    })
    // The flush wrote the whole copy back (the caller's later "CALR" is overwritten), and did not read it in.
    expect(res).toEqual({ hr: S_OK, after: 'b...', copy: '\0\0\0\0' })
    expect(marshalLedger(r.mod).find('CeAllocAsynchronousBuffer', k.async)?.flushes).toBe(1)
  })

  test('an aliased buffer needs no flush: S_OK', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(4096)
    const k = await keepAsync(r, buf, 2048, ARG_O_PTR)
    expect(await onDriverThread(r, (ctx) => ctx.CeFlushAsynchronousBuffer(k.async, k.sync, k.src, 2048, ARG_O_PTR))).toBe(S_OK)
  })
})
