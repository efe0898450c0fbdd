// Fact sheet §7, behaviour 18: the CE5 APIs as CE6 ships them — they do nothing, and say so in the trace.
import { describe, expect, test } from 'vitest'
import { Ev, Origin, type UnsafePtr } from '../../src/index.js'
import { embedded, ioctlWith, kernelRig, text } from './rig.js'

describe('behaviour 18: MapCallerPtr/MapPtrToProcess return the pointer; SetKMode/SetProcPermissions/GetCurrentPermissions return 0', () => {
  test('each returns its CE6 value and leaves a ce5 note', async () => {
    const r = await kernelRig()
    const out: number[] = []
    await ioctlWith(r, (ctx) => {
      out.push(ctx.MapCallerPtr(0x12345, 4), ctx.MapPtrToProcess(0x23456, 0x42), ctx.SetKMode(1), ctx.SetProcPermissions(0xffffffff), ctx.GetCurrentPermissions())
      return true
    })
    expect(out).toEqual([0x12345, 0x23456, 0, 0, 0])
    const notes = r.m.trace.events().filter((e) => e.kind === Ev.Note && (e.detail as { ce5?: string })?.ce5).map((e) => (e.detail as { ce5: string }).ce5)
    expect(notes).toEqual(['MapCallerPtr', 'MapPtrToProcess', 'SetKMode', 'SetProcPermissions', 'GetCurrentPermissions'])
  })

  test("an old driver's mapped pointer used later on its own thread reads whichever process is loaded", async () => {
    const r = await kernelRig()
    const other = r.m.createProcess('other.exe')
    const a = r.app.alloc(16)
    const b = other.alloc(16)
    expect(a).toBe(b)
    r.app.write(a, 'APP.')
    other.write(b, 'OTHR')
    let mapped = 0 as UnsafePtr
    await ioctlWith(
      r,
      (ctx, args) => {
        ctx.SetKMode(1)
        mapped = ctx.MapPtrToProcess(embedded(ctx, args), 0)
        return true
      },
      a,
    )
    r.body(() => true)
    await other.ioctl((await other.CreateFile('MAR1:')).handle, 2)
    let seen = ''
    await ioctlWith(r, (ctx) => {
      ctx.CreateThread(async () => {
        await ctx.Sleep(1)
        seen = text(ctx.mem.read(mapped, 4))
      })
      return true
    })
    await other.ioctl((await other.CreateFile('MAR1:')).handle, 2)
    await r.m.advance(5)
    expect(seen).toBe('OTHR')
    const read = r.m.trace.events().findLast((e) => e.kind === Ev.MemRead && e.a === a)!
    expect(read.c).toBe(Origin.Caller)
  })
})
