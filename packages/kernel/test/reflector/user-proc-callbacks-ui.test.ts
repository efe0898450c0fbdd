// UI in the kernel, CeCallUserProc (behaviour 37), callbacks and function tables (SPEC "Decisions").
import { describe, expect, test } from 'vitest'
import {
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  IDOK,
  defineDriver,
  type OwnPtr,
  type ParamPtr,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const USERPROC = 0x10

/** A user-mode helper DLL: `Show` puts up a message box with the input text and answers "OK"; `Greedy` claims more
 *  bytes than the out buffer holds; `Peek` dereferences the first DWORD of its input as a pointer. */
const helper = defineDriver('uihelp.dll', (ctx) => ({
  Show(pIn: ParamPtr, nIn: number, pOut: ParamPtr, _nOut: number, pRet: ParamPtr) {
    const text = new TextDecoder().decode(ctx.mem.read(pIn, nIn))
    const answer = ctx.MessageBox(0, text, 'driver')
    ctx.mem.writeU32(pOut, answer)
    ctx.mem.writeU32(pRet, 4)
    return true
  },
  Greedy(_pIn: ParamPtr, _nIn: number, _pOut: ParamPtr, nOut: number, pRet: ParamPtr) {
    ctx.mem.writeU32(pRet, nOut + 1)
    return true
  },
  Silent() {
    return true
  },
  Peek(pIn: ParamPtr, _nIn: number, pOut: ParamPtr, _nOut: number, pRet: ParamPtr) {
    const embedded = ctx.mem.readU32(pIn)
    ctx.mem.write(pOut, ctx.mem.read(ctx.unsafePtr(embedded), 4))
    ctx.mem.writeU32(pRet, 4)
    return true
  },
}))

type Run = (ctx: import('../../src/index.js').DriverContext, pIn: ParamPtr, nIn: number, pOut: ParamPtr) => boolean | Promise<boolean>

/** A driver whose IOControl runs `run` as code 1. */
function driverRunning(run: Run) {
  return recorder('k.dll', (ctx) => ({
    IOControl: (_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr) => (code === 1 ? run(ctx, pIn, nIn, pOut) : true),
  }))
}

async function boot(run: Run, flags = 0) {
  const k = driverRunning(run)
  const m = machineWith([k], driverKey('K', { Dll: 'k.dll', Prefix: 'KKK', Index: 1, Flags: flags }), { drivers: [k.driver, helper] })
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\K')).ok).toBe(true)
  const app = m.createProcess('app.exe')
  const { handle } = await app.CreateFile('KKK1:')
  return { m, app, handle }
}

describe('UI', () => {
  test('MessageBox in a kernel-mode driver fails with ERROR_NOT_SUPPORTED; in a user-mode driver it shows', async () => {
    for (const flags of [0, USERPROC]) {
      const { m, app, handle } = await boot((ctx) => ctx.MessageBox(0, 'hello', 'k') === IDOK)
      void flags
      const r = await app.DeviceIoControl(handle, 1, 0, 0, 0, 0)
      expect(r.ok).toBe(false)
      expect(r.lastError).toBe(ERROR_NOT_SUPPORTED)
      expect(m.gwes.events).toEqual([])
    }
    const { m, app, handle } = await boot((ctx) => ctx.MessageBox(0, 'hello', 'k') === IDOK, USERPROC)
    expect((await app.DeviceIoControl(handle, 1, 0, 0, 0, 0)).ok).toBe(true)
    expect(m.gwes.events).toMatchObject([{ api: 'MessageBox', text: 'hello', caption: 'k', driver: 'k.dll', process: 'udevice.exe' }])
  })
})

describe('behaviour 37: CeCallUserProc', () => {
  /** The kernel driver's side: flat copies of its own buffers. */
  function callHelper(fn: string, input: Uint8Array, nOut = 4): Run {
    return async (ctx, _pIn, _nIn, pOut) => {
      const inBuf = ctx.LocalAlloc(0, input.length)
      const outBuf = ctx.LocalAlloc(0, nOut)
      const ret = ctx.LocalAlloc(0, 4)
      ctx.mem.write(inBuf, input)
      const ok = await ctx.CeCallUserProc('uihelp.dll', fn, inBuf, input.length, outBuf, nOut, ret)
      ctx.mem.writeU32(pOut, ok ? ctx.mem.readU32(outBuf) : ctx.GetLastError())
      ctx.LocalFree(inBuf)
      ctx.LocalFree(outBuf)
      ctx.LocalFree(ret)
      return ok
    }
  }

  test('a kernel driver shows UI through a helper in a udevice, with flat buffers', async () => {
    const { m, app } = await boot(callHelper('Show', new TextEncoder().encode('Battery low')))
    const h = (await app.CreateFile('KKK1:')).handle
    const out = app.alloc(4)
    expect((await app.DeviceIoControl(h, 1, 0, 0, out, 4)).ok).toBe(true)
    expect(app.readU32(out)).toBe(IDOK)
    expect(m.gwes.events).toMatchObject([{ api: 'MessageBox', text: 'Battery low', driver: 'uihelp.dll', process: 'udevice.exe' }])
    expect(m.udevices.list().map((x) => x.volume)).toEqual(['$udevice_0003'])
  })

  test('every pointer argument must be non-NULL: ERROR_INVALID_PARAMETER', async () => {
    const { app, handle } = await boot((ctx) => ctx.CeCallUserProc('uihelp.dll', 'Show', 0, 0, 0, 0, 0) || ctx.GetLastError() === ERROR_INVALID_PARAMETER)
    expect((await app.DeviceIoControl(handle, 1, 0, 0, 0, 0)).ok).toBe(true)
  })

  test('a helper that returns more than nOutBufferSize, or nothing, fails the call with ERROR_INVALID_PARAMETER', async () => {
    for (const fn of ['Greedy', 'Silent']) {
      const { app, handle } = await boot(callHelper(fn, new Uint8Array(4)))
      const out = app.alloc(4)
      expect((await app.DeviceIoControl(handle, 1, 0, 0, out, 4)).ok).toBe(false)
      expect(app.readU32(out)).toBe(ERROR_INVALID_PARAMETER)
    }
  })

  test('an embedded kernel pointer inside the in-buffer is unusable in the helper', async () => {
    let secret = 0
    const run: Run = async (ctx, _pIn, _nIn, pOut) => {
      const s = ctx.LocalAlloc(0, 4)
      ctx.mem.writeU32(s, 0x5ec2e7)
      secret = s
      const inBuf = ctx.LocalAlloc(0, 4)
      ctx.mem.writeU32(inBuf, s) // the embedded pointer
      const outBuf = ctx.LocalAlloc(0, 4)
      const ret = ctx.LocalAlloc(0, 4) as OwnPtr
      const ok = await ctx.CeCallUserProc('uihelp.dll', 'Peek', inBuf, 4, outBuf, 4, ret)
      ctx.mem.writeU32(pOut, ok ? 1 : ctx.GetLastError())
      return true
    }
    const { app, handle } = await boot(run)
    const out = app.alloc(4)
    expect((await app.DeviceIoControl(handle, 1, 0, 0, out, 4)).ok).toBe(true)
    expect(secret).toBeGreaterThanOrEqual(0x80000000)
    expect(app.readU32(out)).toBe(ERROR_INVALID_PARAMETER) // the helper faulted (user mode, kernel address)
  })

  test('from a user-mode driver the helper runs in-process (LoadLibrary, call, FreeLibrary) on its own buffers', async () => {
    const { m, app, handle } = await boot(callHelper('Show', new TextEncoder().encode('from udevice')), USERPROC)
    const out = app.alloc(4)
    expect((await app.DeviceIoControl(handle, 1, 0, 0, out, 4)).ok).toBe(true)
    expect(app.readU32(out)).toBe(IDOK)
    const host = m.udevices.list()[0]!.process
    expect(m.gwes.events).toMatchObject([{ api: 'MessageBox', text: 'from udevice', driver: 'uihelp.dll', process: host.name }])
    expect(m.udevices.list()).toHaveLength(1) // no helper host: the driver's own udevice ran it
    expect(m.devmgr.isLoaded('uihelp.dll', host)).toBe(false) // freed after the call
  })
})

describe('callbacks and function tables', () => {
  test('a kernel-mode driver calls back into the process that registered the routine; it runs as that process', async () => {
    const { app, handle } = await boot(async (ctx, pIn) => (await ctx.CeDriverPerformCallback(ctx.mem.readU32(pIn), 41)) === 42)
    const seen: number[] = []
    const id = app.CeDriverMapCallbackFunction((p) => (seen.push(p), p + 1))
    const pIn = app.alloc(4)
    app.writeU32(pIn, id)
    expect((await app.DeviceIoControl(handle, 1, pIn, 4, 0, 0)).ok).toBe(true)
    expect(seen).toEqual([41])
  })

  test('a user-mode driver cannot call back into a process: ERROR_NOT_SUPPORTED', async () => {
    const run: Run = async (ctx, pIn) => (await ctx.CeDriverPerformCallback(ctx.mem.readU32(pIn), 1)) === 0 && ctx.GetLastError() === ERROR_NOT_SUPPORTED
    const { app, handle } = await boot(run, USERPROC)
    const id = app.CeDriverMapCallbackFunction(() => 7)
    const pIn = app.alloc(4)
    app.writeU32(pIn, id)
    expect((await app.DeviceIoControl(handle, 1, pIn, 4, 0, 0)).ok).toBe(true)
  })

  test('a callback of an exited process is ERROR_INVALID_HANDLE', async () => {
    const { m, handle } = await boot(async (ctx, pIn) => (await ctx.CeDriverPerformCallback(ctx.mem.readU32(pIn), 1)) === 0)
    const gone = m.createProcess('gone.exe')
    const id = gone.CeDriverMapCallbackFunction(() => 7)
    await gone.exit()
    const app = m.createProcess('app2.exe')
    const h = (await app.CreateFile('KKK1:')).handle
    const pIn = app.alloc(4)
    app.writeU32(pIn, id)
    expect((await app.DeviceIoControl(h, 1, pIn, 4, 0, 0)).ok).toBe(true)
    void handle
  })

  test('function tables: drivers in one udevice call each other directly; across processes it is refused', async () => {
    let table = 0
    const bus = recorder('bus.dll', (ctx) => ({
      Init: () => ((table = ctx.exportFunctionTable({ add: (a: number, b: number) => a + b })), 1),
    }))
    const client = recorder('client.dll', (ctx) => ({
      IOControl: (_h: number, _c: number, _i: ParamPtr, _n: number, pOut: ParamPtr) => {
        const r = ctx.callFunctionTable(table, 'add', 2, 3)
        ctx.mem.writeU32(pOut, r === undefined ? 0xdead0000 | ctx.GetLastError() : (r as number))
        return true
      },
    }))
    for (const [clientFlags, expected] of [[USERPROC, 5], [0, 0xdead0000 | ERROR_NOT_SUPPORTED]] as const) {
      const m = machineWith(
        [bus, client],
        driverKey('Bus', { Dll: 'bus.dll', Flags: USERPROC, UserProcGroup: 3 }) +
          driverKey('Cli', { Dll: 'client.dll', Prefix: 'CLI', Index: 1, Flags: clientFlags, UserProcGroup: 3 }),
      )
      expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Bus')).ok).toBe(true)
      expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Cli')).ok).toBe(true)
      const app = m.createProcess('app.exe')
      const out = app.alloc(4)
      await app.DeviceIoControl((await app.CreateFile('CLI1:')).handle, 1, 0, 0, out, 4)
      expect(app.readU32(out)).toBe(expected >>> 0)
    }
  })
})
