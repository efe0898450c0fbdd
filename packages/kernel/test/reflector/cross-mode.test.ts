// Issue 3 item 7 (fact sheet §10.2): a kernel-mode driver that calls a user-mode driver with embedded kernel pointers
// sees the user-mode driver fail to open them; the same call to a kernel-mode driver works (kernel to kernel).
import { describe, expect, test } from 'vitest'
import { ARG_I_PTR, E_ACCESSDENIED, S_OK, type ParamPtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

describe('embedded pointers across modes', () => {
  /** Child: its input is { DWORD embedded pointer, DWORD length }; it opens the pointer and reports the HRESULT and
   *  the first DWORD it read. */
  const child = () =>
    recorder('child.dll', (ctx) => ({
      IOControl: (_h: number, _c: number, pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
        const embedded = ctx.mem.readU32(pIn)
        const len = ctx.mem.readU32((pIn + 4) as ParamPtr)
        const r = ctx.CeOpenCallerBuffer(embedded, len, ARG_I_PTR, false)
        ctx.mem.writeU32(pOut, r.hr)
        ctx.mem.writeU32((pOut + 4) as ParamPtr, r.ptr ? ctx.mem.readU32(r.ptr) : 0)
        if (r.ptr) ctx.CeCloseCallerBuffer(r.ptr, embedded, len, ARG_I_PTR)
        return true
      },
    }))

  /** Parent: a kernel-mode driver that builds the request in its own (kernel) memory and calls the child. */
  const parent = () =>
    recorder('parent.dll', (ctx) => ({
      IOControl: async (_h: number, _c: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
        const data = ctx.LocalAlloc(0, 16)
        ctx.mem.writeU32(data, 0xfeedf00d)
        const req = ctx.LocalAlloc(0, 8)
        ctx.mem.writeU32(req, data)
        ctx.mem.writeU32((req + 4) as typeof req, 4)
        const res = ctx.LocalAlloc(0, 8)
        const h = await ctx.CreateFile('CHD1:', 0xc0000000)
        const ok = await ctx.DeviceIoControl(h, 1, req, 8, res, 8, 0)
        ctx.mem.writeU32(pOut, ok ? ctx.mem.readU32(res) : 0xffffffff)
        ctx.mem.writeU32((pOut + 4) as ParamPtr, ok ? ctx.mem.readU32((res + 4) as typeof res) : 0)
        await ctx.CloseHandle(h)
        for (const p of [data, req, res]) ctx.LocalFree(p)
        return true
      },
    }))

  test.each([
    ['a user-mode child cannot open an embedded kernel pointer: E_ACCESSDENIED', 0x10, E_ACCESSDENIED, 0],
    ['a kernel-mode child opens it (kernel to kernel: no access check)', 0, S_OK, 0xfeedf00d],
  ])('%s', async (_name, childFlags, hr, value) => {
    const m = machineWith(
      [parent(), child()],
      driverKey('P', { Dll: 'parent.dll', Prefix: 'PAR', Index: 1 }) + driverKey('C', { Dll: 'child.dll', Prefix: 'CHD', Index: 1, Flags: childFlags }),
    )
    for (const k of ['P', 'C']) expect((await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${k}`)).ok).toBe(true)
    const app = m.createProcess('app.exe')
    const out = app.alloc(8)
    expect((await app.DeviceIoControl((await app.CreateFile('PAR1:')).handle, 1, 0, 0, out, 8)).ok).toBe(true)
    expect(app.readU32(out) >>> 0).toBe(hr >>> 0)
    expect(app.readU32(out + 4) >>> 0).toBe(value)
  })
})
