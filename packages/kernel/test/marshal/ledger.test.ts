// The ledger the verifier reads, the origins ctx.mem traces for marshalled memory, and the leak report at unload.
import { describe, expect, test } from 'vitest'
import { ARG_I_PTR, ARG_IO_PTR, Ev, Origin, S_OK, liveMarshalBuffers, marshalLedger, marshalLeaks } from '../../src/index.js'
import { embedded, ioctlWith, kernelRig } from './rig.js'

describe('the marshal ledger', () => {
  test('records each buffer with its source, opener and state; closing moves it to the history', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    let tid = 0
    await ioctlWith(
      r,
      (ctx, a) => {
        tid = ctx.GetCurrentThreadId()
        ctx.CeOpenCallerBuffer(embedded(ctx, a), 8, ARG_IO_PTR, true)
        return true
      },
      buf,
    )
    const [b] = marshalLedger(r.mod).live()
    expect(b).toMatchObject({ api: 'CeOpenCallerBuffer', kind: 'duplicate', src: buf, size: 8, desc: ARG_IO_PTR, tid, site: 'mar.dll!MAR_IOControl', state: 'open' })
    expect(b!.source.id).toBe(r.app.id)
    expect(liveMarshalBuffers(r.m.mem)).toEqual([b])
    expect(marshalLedger(r.mod).at(b!.dest + 4)).toBe(b)
    const ev = r.m.trace.events().find((e) => e.kind === Ev.Marshal)!
    expect([ev.a, ev.b, ev.c, ev.d]).toEqual([b!.id, b!.dest, 8, ARG_IO_PTR])
    expect(ev.detail).toMatchObject({ op: 'CeOpenCallerBuffer', kind: 'duplicate', src: buf, pid: r.app.id })
    await ioctlWith(r, (ctx) => ctx.CeCloseCallerBuffer(b!.dest, buf, 8, ARG_IO_PTR) === S_OK)
    expect(marshalLedger(r.mod).live()).toEqual([])
    expect(marshalLedger(r.mod).history().at(-1)).toMatchObject({ id: b!.id, state: 'closed' })
  })

  test('accesses are traced Marshalled only while the buffer is open, in its own VM', async () => {
    const r = await kernelRig()
    const buf = r.app.alloc(16)
    await ioctlWith(
      r,
      (ctx, a) => {
        const src = embedded(ctx, a)
        const o = ctx.CeOpenCallerBuffer(src, 8, ARG_I_PTR, false)
        ctx.mem.readU32(o.ptr)
        ctx.CeCloseCallerBuffer(o.ptr, src, 8, ARG_I_PTR)
        ctx.mem.readU32(o.ptr)
        return true
      },
      buf,
    )
    const reads = r.m.trace.events().filter((e) => e.kind === Ev.MemRead && e.a === buf)
    expect(reads.map((e) => e.c)).toEqual([Origin.Marshalled, Origin.Caller])
  })

  test('marshalLeaks reports and releases what the module still holds', async () => {
    const r = await kernelRig()
    const small = r.app.alloc(16)
    const big = r.app.alloc(8192)
    await ioctlWith(
      r,
      (ctx, a) => {
        ctx.CeOpenCallerBuffer(embedded(ctx, a, 0), 16, ARG_I_PTR, true)
        const o = ctx.CeOpenCallerBuffer(embedded(ctx, a, 1), 8192, ARG_IO_PTR, false)
        ctx.CeAllocAsynchronousBuffer(o.ptr, 8192, ARG_IO_PTR)
        ctx.CeAllocDuplicateBuffer(a.pIn, 4, ARG_I_PTR)
        return true
      },
      small,
      big,
    )
    const heapBefore = r.mod.heap.live.size
    const leaks = marshalLeaks(r.mod)
    expect(leaks.map((l) => l.kind).sort()).toEqual(['async-buffer', 'caller-buffer', 'caller-buffer', 'duplicate-buffer'])
    expect(leaks.every((l) => l.driver === 'mar.dll' && l.site === 'mar.dll!MAR_IOControl')).toBe(true)
    expect(r.mod.heap.live.size).toBe(heapBefore - 2)
    expect(r.m.memory.kernel.allRegions().some((x) => x.owner === r.mod.tag && x.site.includes('CeAllocAsynchronousBuffer'))).toBe(false)
    expect(marshalLedger(r.mod).live()).toEqual([])
    expect(marshalLedger(r.mod).history().every((b) => b.state === 'leaked')).toBe(true)
  })
})
