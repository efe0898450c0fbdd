// C++ drivers (issue 17's header set: marshal.hpp's classes), through sensorhub.dll (sensorhub/sensorhub.cpp):
// MarshalledBuffer_t opening an embedded pointer and closing it in its destructor, DuplicatedBuffer_t's secure copy,
// the wrappers' documented answers (fact sheet §6), new/delete over the process heap, and a global constructor run
// when each process loads the DLL. In kernel mode and in a udevice; the machine reports no leak at shutdown.
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_PARAMETER, defineCDriver } from '../../src/index.js'
import { inUdevice, openDevice } from './open-device.js'

const hub = defineCDriver('sensorhub.dll', new URL('./sensorhub/sensorhub.wasm', import.meta.url))
const code = (fn: number) => ((0x8004 << 16) | (fn << 2)) >>> 0
const AVERAGE = code(0x900)
const CALIBRATE = code(0x901)
const INFO = code(0x902)
const SELFTEST = code(0x903)
const hresultFromWin32 = (e: number) => ((e & 0xffff) | (7 << 16) | 0x80000000) | 0
const E_ACCESSDENIED = 0x80070005 | 0
const ERROR_ALREADY_EXISTS = 183
const ERROR_NOT_SUPPORTED = 50

const modes = [
  ['kernel', {}],
  ['udevice', inUdevice()],
] as const

const boot = (values: Record<string, number>) => openDevice(hub, 'Hub', 'HUB', values)

const i32s = (b: Uint8Array) => Array.from(new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)))
const dw = (...v: number[]) => new Uint8Array(Int32Array.from(v).buffer)

describe.each(modes)('a C++ driver with marshal.hpp (%s mode)', (_mode, flags) => {
  test('MarshalledBuffer_t opens the embedded pointer; the average is of the caller\'s readings', async () => {
    const { m, app, h } = await boot(flags)
    const readings = app.alloc(4096)
    app.write(readings, dw(10, 20, 30, 40))
    const r = await app.ioctl(h, AVERAGE, dw(readings, 4), 4)
    expect(r.ok).toBe(true)
    expect(i32s(r.output)).toEqual([25])
    // DuplicatedBuffer_t's copy of the calibration is validated and applied.
    expect((await app.ioctl(h, CALIBRATE, dw(2, 500), 0)).ok).toBe(true)
    expect(i32s((await app.ioctl(h, AVERAGE, dw(readings, 4), 4)).output)).toEqual([13])
    expect(await app.ioctl(h, CALIBRATE, dw(0, -1), 0)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    // Every buffer the wrappers opened was closed by their destructors; new/delete balanced.
    const report = await m.shutdown()
    expect(report.leaks).toEqual([])
    expect(report.bugcheck).toBeNull()
  })

  test('a bad embedded pointer: the wrapper fails to open it and ptr() is NULL, the call fails cleanly', async () => {
    const { app, h } = await boot(flags)
    expect(await app.ioctl(h, AVERAGE, dw(0x1000, 4), 4)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
  })

  test("the wrappers' answers: Unmarshal when empty, Marshal twice, Flush of a synchronous buffer, a const output, a duplicate's Flush", async () => {
    const { app, h } = await boot(flags)
    const reading = app.alloc(4096)
    app.write(reading, dw(0x5eed))
    const r = await app.ioctl(h, SELFTEST, dw(reading, 1), 28)
    expect(r.ok).toBe(true)
    expect(i32s(r.output)).toEqual([
      hresultFromWin32(ERROR_ALREADY_EXISTS),
      0,
      hresultFromWin32(ERROR_ALREADY_EXISTS),
      hresultFromWin32(ERROR_INVALID_PARAMETER),
      E_ACCESSDENIED,
      hresultFromWin32(ERROR_NOT_SUPPORTED),
      0,
    ])
  })

  test('the global constructor ran when the DLL was loaded; new made one Hub per device', async () => {
    const { app, h } = await boot(flags)
    const info = (await app.ioctl(h, INFO, new Uint8Array(0), 12)).output
    expect(Array.from(new Uint32Array(info.buffer.slice(info.byteOffset, info.byteOffset + 12)))).toEqual([0x48554221, 1, 0])
  })
})
