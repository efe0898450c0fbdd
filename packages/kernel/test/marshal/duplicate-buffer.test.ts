// Fact sheet §5.4, behaviour 16: CeAllocDuplicateBuffer always heap-copies an API argument; Free writes back O/IO.
import { describe, expect, test } from 'vitest'
import { ARG_I_PTR, ARG_IO_PTR, ARG_O_PTR, E_ACCESSDENIED, E_INVALIDARG, Ev, Origin, S_OK, VM_NKVM_BASE, type ParamPtr } from '../../src/index.js'
import { kernelRig, text } from './rig.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('behaviour 16: CeAllocDuplicateBuffer always heap-copies; Free writes back O/IO', () => {
  for (const userMode of [false, true]) {
    test(`${userMode ? 'user' : 'kernel'} mode: a copy of the parameter, copied in for I, O and IO; only O/IO written back`, async () => {
      const r = await kernelRig({ userMode })
      const results: unknown[] = []
      r.body((ctx, a) => {
        for (const d of [ARG_I_PTR, ARG_O_PTR, ARG_IO_PTR]) {
          const o = ctx.CeAllocDuplicateBuffer(a.pOut, 4, d)
          results.push([o.hr, o.ptr !== (a.pOut as number), text(ctx.mem.read(o.ptr, 4))])
          ctx.mem.write(o.ptr, enc(`w${d.toString(16).padStart(3, '0')}`))
          results.push(ctx.CeFreeDuplicateBuffer(o.ptr, a.pOut, 4, d))
          results.push(text(ctx.mem.read(a.pOut, 4)))
        }
        return true
      })
      const out = r.app.alloc(16)
      r.app.write(out, 'orig')
      expect((await r.app.DeviceIoControl(r.h, 1, 0, 0, out, 4)).ok).toBe(true)
      expect(results).toEqual([[S_OK, true, 'orig'], S_OK, 'orig', [S_OK, true, 'orig'], S_OK, 'w008', [S_OK, true, 'w008'], S_OK, 'w00c'])
      expect(text(r.app.read(out, 4))).toBe('w00c')
    })
  }

  test('the copy is in the kernel heap, its accesses traced as Origin.Duplicate', async () => {
    const r = await kernelRig()
    let ptr = 0
    r.body((ctx, a) => {
      const o = ctx.CeAllocDuplicateBuffer(a.pIn, 4, ARG_I_PTR)
      ptr = o.ptr
      ctx.mem.readU32(o.ptr)
      return ctx.CeFreeDuplicateBuffer(o.ptr, a.pIn, 4, ARG_I_PTR) === S_OK
    })
    const pIn = r.app.alloc(4)
    expect((await r.app.DeviceIoControl(r.h, 1, pIn, 4, 0, 0)).ok).toBe(true)
    expect(ptr).toBeGreaterThanOrEqual(VM_NKVM_BASE)
    expect(r.m.trace.events().find((e) => e.kind === Ev.MemRead && e.a === ptr)!.c).toBe(Origin.Duplicate)
  })

  test('NULL is E_INVALIDARG; an unreadable (unmarshalled) pointer is E_ACCESSDENIED; Free of a stranger is E_INVALIDARG', async () => {
    const r = await kernelRig({ userMode: true })
    const hrs: number[] = []
    r.body((ctx, a) => {
      hrs.push(ctx.CeAllocDuplicateBuffer(0 as ParamPtr, 4, ARG_I_PTR).hr)
      hrs.push(ctx.CeAllocDuplicateBuffer(0xd0000000 as ParamPtr, 4, ARG_I_PTR).hr)
      hrs.push(ctx.CeFreeDuplicateBuffer(a.pIn, a.pIn, 4, ARG_I_PTR))
      return true
    })
    const pIn = r.app.alloc(4)
    expect((await r.app.DeviceIoControl(r.h, 1, pIn, 4, 0, 0)).ok).toBe(true)
    expect(hrs).toEqual([E_INVALIDARG, E_ACCESSDENIED, E_INVALIDARG])
  })
})
