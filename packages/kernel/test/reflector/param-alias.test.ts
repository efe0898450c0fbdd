// Behaviour 33: the reflector aliases (does not copy) the caller's parameter buffers into the udevice for the call
// and frees the aliases after; embedded pointers are passed untouched.
import { describe, expect, test } from 'vitest'
import { Ev, type ParamPtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

describe('behaviour 33: parameter buffers are aliased for the call, embedded pointers untouched', () => {
  test('a write by the driver is in the caller memory at once, while the call is still in progress (same pages)', async () => {
    const log: string[] = []
    const drv = recorder('al.dll', (ctx) => ({
      IOControl: async (_h: number, _c: number, pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
        log.push(`embedded=${ctx.mem.readU32(pIn).toString(16)}`)
        ctx.mem.writeU32(pOut, 0xabcd)
        await ctx.Sleep(10)
        log.push(`after sleep the driver sees ${ctx.mem.readU32(pIn + 4 as ParamPtr).toString(16)}`)
        return true
      },
    }))
    const m = machineWith([drv], driverKey('Al', { Dll: 'al.dll', Prefix: 'ALI', Index: 1, Flags: 0x10 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\Al')
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('ALI1:')
    const pIn = app.alloc(8)
    const pOut = app.alloc(4)
    const embedded = app.alloc(16)
    app.writeU32(pIn, embedded)
    const call = app.DeviceIoControl(handle, 1, pIn, 8, pOut, 4)
    await m.advance(5)
    expect(app.readU32(pOut)).toBe(0xabcd) // visible mid-call: an alias, not copy-out at return
    app.writeU32(pIn + 4, 0x5151) // and a caller change mid-call is visible to the driver
    await m.advance(10)
    expect((await call).ok).toBe(true)
    expect(log).toEqual([`embedded=${embedded.toString(16)}`, 'after sleep the driver sees 5151'])
    const maps = m.trace.events().filter((e) => e.kind === Ev.Mapping)
    expect(maps.map((e) => e.d)).toEqual([0, 1, 2]) // input mapped, output mapped, both released
    expect(maps[0]!.a).toBe(pIn)
    expect(maps[1]!.a).toBe(pOut)
    // After the call the aliases give no access: a kept pointer faults.
    const host = m.udevices.list()[0]!.process
    for (const e of maps.slice(0, 2)) {
      expect(() => m.memory.copy(e.c, new Uint8Array(1), false, false, host.space)).toThrow(/not readable/)
    }
  })
})
