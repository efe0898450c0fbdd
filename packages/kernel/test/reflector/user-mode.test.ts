// User-mode loading through the reflector: DEVFLAGS_LOAD_AS_USERPROC puts the same driver in a udevice.exe host,
// its entry points run there in user mode with the caller's buffers mapped for the call.
import { describe, expect, test } from 'vitest'
import { ERROR_DEVICE_REMOVED, ERROR_INVALID_PARAMETER, Ev, Origin, type ParamPtr, type UnsafePtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const USERPROC = 0x10

function echo() {
  let saved = 0
  return recorder('echo.dll', (ctx, log) => ({
    IOControl: (_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pRet: ParamPtr) => {
      log.push(`mode=${ctx.kernelMode ? 'kernel' : 'user'} vm=p${ctx.GetCallerVMProcessId()} proc=p${ctx.GetCurrentProcessId()} caller=p${ctx.GetDirectCallerProcessId()}`)
      if (code === 1) {
        const data = ctx.mem.read(pIn, nIn)
        ctx.mem.write(pOut, data.subarray(0, nOut))
        if (pRet) ctx.mem.writeU32(pRet, Math.min(nIn, nOut))
      } else if (code === 2) {
        ctx.mem.writeU8(pIn, 0x55) // writing through an input buffer
      } else if (code === 3) {
        saved = pIn
      } else if (code === 4) {
        ctx.mem.read(ctx.unsafePtr(saved) as UnsafePtr, 1) // a parameter kept past its call
      } else if (code === 5 && pRet) {
        log.push(`bytesReturned in=${ctx.mem.readU32(pRet)}`)
      }
      return true
    },
  }))
}

async function boot(flags = USERPROC, extra: Record<string, number | string> = {}) {
  const drv = echo()
  const m = machineWith([drv], driverKey('Echo', { Dll: 'echo.dll', Prefix: 'ECH', Index: 1, Flags: flags, ...extra }))
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Echo')
  expect(act.ok).toBe(true)
  return { m, drv, act }
}

describe('user-mode loading', () => {
  test('Flags 0x10 loads the driver into a udevice.exe host; Init runs there in user mode', async () => {
    const { m, drv } = await boot()
    const hosts = m.udevices.list()
    expect(hosts).toHaveLength(1)
    expect(hosts[0]!.process.name).toBe('udevice.exe')
    expect(hosts[0]!.process.kind).toBe('udevice')
    expect(drv.log[0]).toMatch(/^Init\(Drivers\\Active\\\d+, 0\)$/)
    const key = m.registry.openKey('HKEY_LOCAL_MACHINE\\Drivers\\Active\\01')!
    expect(key.getDword('ReflectorHandle')).toBeGreaterThan(0)
    expect(drv.ctx().kernelMode).toBe(false)
  })

  test('an IOCTL runs in the udevice: user mode, the udevice VM, the caller id carried through', async () => {
    const { m, drv } = await boot()
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('ECH1:')
    const r = await app.ioctl(handle, 1, [1, 2, 3, 4], 4)
    expect(r.ok).toBe(true)
    expect([...r.output]).toEqual([1, 2, 3, 4])
    expect(r.bytes).toBe(4)
    const host = m.udevices.list()[0]!.process
    expect(drv.log.at(-1)).toBe(`mode=user vm=p${host.id} proc=p${host.id} caller=p${app.id}`)
  })

  test('the caller buffers are aliases in the udevice, traced as parameters, gone after the call', async () => {
    const { m, drv } = await boot()
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('ECH1:')
    const pIn = app.alloc(16)
    app.write(pIn, [9, 9])
    const before = m.trace.count
    expect((await app.DeviceIoControl(handle, 3, pIn, 2, 0, 0)).ok).toBe(true)
    const maps = m.trace.events(before).filter((e) => e.kind === Ev.Mapping)
    expect(maps.length).toBe(2) // mapped, then unmapped
    const alias = maps[0]!.c // an address in the udevice (which may equal pIn: both spaces allocate from 0x10000)
    // The kept pointer faults in the udevice on the next call: the exception fails that call.
    const r = await app.DeviceIoControl(handle, 4, 0, 0, 0, 0)
    expect(r.ok).toBe(false)
    expect(r.error).toBe('ERROR_INVALID_PARAMETER')
    expect(m.trace.events(before).some((e) => e.kind === Ev.Fault && e.a === alias)).toBe(true)
    void drv
  })

  test('input buffers are read-only to a user-mode driver (R2); the pre-R2 option maps them read/write', async () => {
    for (const [opt, ok] of [['read-only', false], ['read-write', true]] as const) {
      const drv = echo()
      const m = machineWith([drv], driverKey('Echo', { Dll: 'echo.dll', Prefix: 'ECH', Index: 1, Flags: USERPROC }), { udeviceInputBuffers: opt })
      await m.ActivateDeviceEx('Drivers\\BuiltIn\\Echo')
      const app = m.createProcess('app.exe')
      const { handle } = await app.CreateFile('ECH1:')
      const p = app.alloc(4)
      const r = await app.DeviceIoControl(handle, 2, p, 4, 0, 0)
      expect(r.ok).toBe(ok)
      expect(app.read(p, 1)[0]).toBe(ok ? 0x55 : 0)
    }
  })

  test('behaviour 6: lpBytesReturned is copied in even though it is out-only, and copied back after the call', async () => {
    const { m, drv } = await boot()
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('ECH1:')
    const pRet = app.alloc(4)
    app.writeU32(pRet, 0x1234)
    await app.DeviceIoControl(handle, 5, 0, 0, 0, 0, pRet)
    expect(drv.log.at(-1)).toBe(`bytesReturned in=${0x1234}`)
    const pIn = app.alloc(8)
    const pOut = app.alloc(8)
    app.write(pIn, [1, 2, 3])
    await app.DeviceIoControl(handle, 1, pIn, 3, pOut, 8, pRet)
    expect(app.readU32(pRet)).toBe(3)
  })

  test('a buffer the reflector cannot map fails the call with ERROR_INVALID_PARAMETER and the driver is not called', async () => {
    const { m, drv } = await boot()
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('ECH1:')
    const n = drv.log.length
    const r = await app.DeviceIoControl(handle, 1, 0x00200000, 4, 0, 0) // valid user range, nothing committed
    expect(r.lastError).toBe(ERROR_INVALID_PARAMETER)
    expect(drv.log.length).toBe(n)
  })

  test('the host exits with its last driver', async () => {
    const { m, act } = await boot()
    const host = m.udevices.list()[0]!.process
    expect((await m.DeactivateDevice(act.handle)).ok).toBe(true)
    expect(host.exited).toBe(true)
    expect(m.udevices.list()).toHaveLength(0)
    expect(m.trace.events().some((e) => e.kind === Ev.ProcessExit && e.a === host.id)).toBe(true)
  })

  test('direct parameter accesses are traced with origin param', async () => {
    const { m } = await boot()
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('ECH1:')
    const before = m.trace.count
    await app.ioctl(handle, 1, [1, 2, 3, 4], 4)
    const reads = m.trace.events(before).filter((e) => e.kind === Ev.MemRead || e.kind === Ev.MemWrite)
    expect(reads.length).toBeGreaterThan(0)
    for (const e of reads) expect(e.c).toBe(Origin.Param)
    void ERROR_DEVICE_REMOVED
  })
})
