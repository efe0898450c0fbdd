// Fact sheet §14, behaviour 4: a call into a kernel-mode driver keeps the caller's VM loaded, so the driver uses the
// caller's pointers directly — for the duration of the call only.
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_PARAMETER, Origin, Ev, type ParamPtr, type UnsafePtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const SAVE = 1
const READ_SAVED = 2

/** A driver with the classic bug: it keeps a caller's pointer and uses it in a later call. */
function keeper() {
  let saved = 0
  return recorder('keep.dll', (ctx, log) => ({
    IOControl: (_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr) => {
      if (code === SAVE) {
        saved = pIn
        log.push(`saw ${new TextDecoder().decode(ctx.mem.read(pIn, nIn))} in vm p${ctx.GetCallerVMProcessId()}`)
      } else if (code === READ_SAVED) {
        // Using a stale parameter is exactly what the unsafe cast is for in an old driver.
        const stale: UnsafePtr = ctx.unsafePtr(saved)
        ctx.mem.write(pOut, ctx.mem.read(stale, 4))
      }
      return true
    },
  }))
}

async function boot() {
  const drv = keeper()
  const m = machineWith([drv], driverKey('Keep', { Dll: 'keep.dll', Prefix: 'KEP', Index: 1 }))
  await m.ActivateDeviceEx('Drivers\\BuiltIn\\Keep')
  return { m, drv }
}

describe("behaviour 4: a kernel-mode driver reads the caller's buffers directly, in the caller's VM, during the call", () => {
  test('during the call the parameter is the caller memory, traced as a direct parameter', async () => {
    const { m, drv } = await boot()
    const a = m.createProcess('a.exe')
    const h = (await a.CreateFile('KEP1:')).handle
    const buf = a.alloc(16)
    a.write(buf, 'AAAA')
    expect((await a.DeviceIoControl(h, SAVE, buf, 4, 0, 0)).ok).toBe(true)
    expect(drv.log).toContain(`saw AAAA in vm p${a.id}`)
    const read = m.trace.events().find((e) => e.kind === Ev.MemRead && e.a === buf)!
    expect(read.c).toBe(Origin.Param)
    expect(read.d).toBe(a.id)
  })

  test("after the call the pointer means nothing: used in another process's call it reads that process's memory", async () => {
    const { m } = await boot()
    const a = m.createProcess('a.exe')
    const b = m.createProcess('b.exe')
    const ha = (await a.CreateFile('KEP1:')).handle
    const hb = (await b.CreateFile('KEP1:')).handle
    const pa = a.alloc(16)
    const pb = b.alloc(16)
    expect(pa).toBe(pb)
    a.write(pa, 'AAAA')
    b.write(pb, 'BBBB')
    await a.DeviceIoControl(ha, SAVE, pa, 4, 0, 0)
    const out = b.alloc(4)
    expect((await b.DeviceIoControl(hb, READ_SAVED, 0, 0, out, 4)).ok).toBe(true)
    expect(new TextDecoder().decode(b.read(out, 4))).toBe('BBBB')
    // The trace says what happened: memory of process b reached without being a parameter of this call.
    const stale = m.trace.events().filter((e) => e.kind === Ev.MemRead && e.a === pa).at(-1)!
    expect([stale.c, stale.d]).toEqual([Origin.Caller, b.id])
  })

  test('where the other process has nothing mapped, the stale pointer faults and the call fails', async () => {
    const { m } = await boot()
    const a = m.createProcess('a.exe')
    const c = m.createProcess('c.exe')
    const ha = (await a.CreateFile('KEP1:')).handle
    const hc = (await c.CreateFile('KEP1:')).handle
    const pa = a.alloc(16)
    await a.DeviceIoControl(ha, SAVE, pa, 4, 0, 0)
    // c's first allocation is the same address; free it so nothing is mapped there in c.
    const pc = c.alloc(16)
    c.VirtualFree(pc, 0, 0x8000)
    const out = c.alloc(4)
    expect(await c.DeviceIoControl(hc, READ_SAVED, 0, 0, out, 4)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(m.trace.events().some((e) => e.type === 'fault' && e.a === pa)).toBe(true)
  })
})
