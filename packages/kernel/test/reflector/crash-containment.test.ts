// Behaviour 34 and SPEC "Decisions": udevice catches an exception per call; an exception on a user-mode driver's own
// thread ends its udevice process — every driver of that group is gone, their handles fail with
// ERROR_DEVICE_REMOVED, the kernel and other groups go on, and the driver can be activated again.
import { describe, expect, test } from 'vitest'
import { ERROR_DEVICE_REMOVED, ERROR_INVALID_PARAMETER, Ev } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const USERPROC = 0x10
const CRASH_IN_CALL = 1
const CRASH_ON_THREAD = 2
const WAIT_FOREVER = 3

function crashy(dll: string) {
  return recorder(dll, (ctx) => ({
    IOControl: (_h: number, code: number) => {
      if (code === CRASH_IN_CALL) throw new TypeError('bad entry')
      if (code === WAIT_FOREVER) {
        const ev = ctx.CreateEvent(true, false)
        // A driver that swallows every error would go on here; code of a dead process is stopped at its next call.
        return (async () => {
          try {
            await ctx.WaitForSingleObject(ev)
          } catch {
            ctx.SetLastError(0)
          }
          return true
        })()
      }
      if (code === CRASH_ON_THREAD) {
        ctx.CreateThread(async function worker() {
          await ctx.Sleep(1)
          throw new RangeError('worker died')
        })
      }
      return true
    },
  }))
}

async function boot() {
  const a = crashy('a.dll')
  const b = recorder('b.dll')
  const c = recorder('c.dll')
  const m = machineWith(
    [a, b, c],
    driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1, Flags: USERPROC, UserProcGroup: 3 }) +
      driverKey('B', { Dll: 'b.dll', Prefix: 'BBB', Index: 1, Flags: USERPROC, UserProcGroup: 3 }) +
      driverKey('C', { Dll: 'c.dll', Prefix: 'CCC', Index: 1, Flags: USERPROC, UserProcGroup: 4 }) +
      driverKey('K', { Dll: 'c.dll', Prefix: 'KKK', Index: 1 }),
  )
  for (const k of ['A', 'B', 'C', 'K']) expect((await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${k}`)).ok).toBe(true)
  const app = m.createProcess('app.exe')
  const h: Record<string, number> = {}
  for (const n of ['AAA1:', 'BBB1:', 'CCC1:', 'KKK1:']) h[n] = (await app.CreateFile(n)).handle
  return { m, app, h }
}

describe('behaviour 34: crash containment in udevice', () => {
  test('an exception in an entry point fails that call only; the host and its drivers go on', async () => {
    const { m, app, h } = await boot()
    const r = await app.DeviceIoControl(h['AAA1:']!, CRASH_IN_CALL, 0, 0, 0, 0)
    expect(r).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect((await app.DeviceIoControl(h['AAA1:']!, 0, 0, 0, 0, 0)).ok).toBe(true)
    expect(m.udevices.list()).toHaveLength(2)
    expect(m.bugcheck).toBeNull()
  })

  test("an exception on a driver's own thread ends its udevice: every driver of the group is gone, others go on", async () => {
    const { m, app, h } = await boot()
    const host3 = m.udevices.list().find((x) => x.volume === '$udevice_0003')!.process
    expect((await app.DeviceIoControl(h['AAA1:']!, CRASH_ON_THREAD, 0, 0, 0, 0)).ok).toBe(true)
    await m.advance(5)
    expect(m.bugcheck).toBeNull()
    expect(host3.exited).toBe(true)
    expect(m.udevices.crashes).toHaveLength(1)
    expect(m.udevices.crashes[0]).toMatchObject({ driver: 'a.dll', entry: 'worker', error: 'RangeError: worker died' })
    expect(m.udevices.crashes[0]!.devices.sort()).toEqual(['AAA1', 'BBB1'])
    for (const n of ['AAA1:', 'BBB1:']) expect((await app.DeviceIoControl(h[n]!, 0, 0, 0, 0, 0)).lastError).toBe(ERROR_DEVICE_REMOVED)
    for (const n of ['CCC1:', 'KKK1:']) expect((await app.DeviceIoControl(h[n]!, 0, 0, 0, 0, 0)).ok).toBe(true)
    expect((await app.CreateFile('AAA1:')).ok).toBe(false)
    expect(m.devices().map((d) => d.name).sort()).toEqual(['CCC1', 'KKK1'])
    expect(m.trace.events().some((e) => e.kind === Ev.ProcessExit && e.a === host3.id)).toBe(true)
    // Closing the dead handles calls no driver and succeeds.
    expect((await app.CloseHandle(h['AAA1:']!)).ok).toBe(true)
  })

  test("a caller blocked inside the dying udevice comes back out with ERROR_DEVICE_REMOVED", async () => {
    const { m, app, h } = await boot()
    const waiter = app.createThread()
    const blocked = waiter.DeviceIoControl(h['AAA1:']!, WAIT_FOREVER, 0, 0, 0, 0)
    await m.run()
    expect((await app.DeviceIoControl(h['AAA1:']!, CRASH_ON_THREAD, 0, 0, 0, 0)).ok).toBe(true)
    await m.advance(5)
    expect(await blocked).toMatchObject({ ok: false, lastError: ERROR_DEVICE_REMOVED })
    expect(m.hangs).toEqual([])
    expect((await app.DeviceIoControl(h['CCC1:']!, 0, 0, 0, 0, 0)).ok).toBe(true)
  })

  test('the drivers can be activated again, in a new host', async () => {
    const { m, app, h } = await boot()
    await app.DeviceIoControl(h['AAA1:']!, CRASH_ON_THREAD, 0, 0, 0, 0)
    await m.advance(5)
    const again = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(again.ok).toBe(true)
    const h2 = (await app.CreateFile('AAA1:')).handle
    expect((await app.DeviceIoControl(h2, 0, 0, 0, 0, 0)).ok).toBe(true)
    expect(m.udevices.list().find((x) => x.volume === '$udevice_0003')!.process.exited).toBe(false)
    const report = await m.shutdown()
    expect(report.bugcheck).toBeNull()
  })

  test('in kernel mode the same worker exception is a bugcheck (the contrast)', async () => {
    const a = crashy('a.dll')
    const m = machineWith([a], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    const app = m.createProcess('app.exe')
    const { handle } = await app.CreateFile('AAA1:')
    await app.DeviceIoControl(handle, CRASH_ON_THREAD, 0, 0, 0, 0)
    await m.advance(5).catch(() => undefined)
    expect(m.bugcheck?.driver).toBe('a.dll')
  })
})
