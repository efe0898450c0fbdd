// __try/__except with a filter in C drivers (CeTryCallEx, cdriver/c-seh.ts), through meter.dll (meter/meter.c):
// the filter sees the exception code; EXCEPTION_EXECUTE_HANDLER runs the __except block, EXCEPTION_CONTINUE_SEARCH
// passes the exception to the next handler out — an enclosing CeTryCall, or the entry point's caller —, and
// EXCEPTION_CONTINUE_EXECUTION is refused with a message. Kernel mode: the batch's embedded pointer is used in the
// caller's context, as the driver was written.
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_PARAMETER, Ev, createMachine, defineCDriver } from '../../src/index.js'
import { openDevice } from './open-device.js'

const meter = defineCDriver('meter.dll', new URL('./meter/meter.wasm', import.meta.url))
const code = (fn: number) => ((0x8005 << 16) | (fn << 2)) >>> 0
const AVERAGE = code(0x900)
const AVERAGE_GUARDED = code(0x901)
const AVERAGE_RETRY = code(0x902)
const LAST_FILTERED = code(0x903)
const EXCEPTION_ACCESS_VIOLATION = 0xc0000005
/** A user address app.exe never mapped. */
const BAD_POINTER = 0x00f00000
const EXCEPTION_INT_DIVIDE_BY_ZERO = 0xc0000094

async function boot() {
  const { m, app, h } = await openDevice(meter, 'Meter', 'MTR')
  const readings = app.alloc(4096)
  app.write(readings, new Uint8Array(Uint32Array.of(10, 20, 30, 40).buffer))
  return { m, app, h, readings }
}

const batch = (p: number, n: number) => new Uint8Array(Uint32Array.of(p, n).buffer)
const dword = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true)
const exceptionsLeft = (m: ReturnType<typeof createMachine>) => m.trace.events().filter((e) => e.kind === Ev.DriverException)

describe('CeTryCallEx: __try/__except with the driver\'s filter', () => {
  test('no exception: the body\'s result, the filter not asked', async () => {
    const { app, h, readings } = await boot()
    const r = await app.ioctl(h, AVERAGE, batch(readings, 4), 4)
    expect(r.ok).toBe(true)
    expect(dword(r.output)).toBe(25)
    expect(dword((await app.ioctl(h, LAST_FILTERED, new Uint8Array(0), 4)).output)).toBe(0)
  })

  test('an access violation: the filter sees its code and takes it (EXCEPTION_EXECUTE_HANDLER), the call fails cleanly', async () => {
    const { m, app, h } = await boot()
    expect(await app.ioctl(h, AVERAGE, batch(BAD_POINTER, 4), 4)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(dword((await app.ioctl(h, LAST_FILTERED, new Uint8Array(0), 4)).output)).toBe(EXCEPTION_ACCESS_VIOLATION)
    expect(exceptionsLeft(m)).toEqual([])
  })

  test('a division by zero: the filter passes it on (EXCEPTION_CONTINUE_SEARCH) and it leaves the entry point', async () => {
    const { m, app, h, readings } = await boot()
    expect(await app.ioctl(h, AVERAGE, batch(readings, 0), 4)).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(dword((await app.ioctl(h, LAST_FILTERED, new Uint8Array(0), 4)).output)).toBe(EXCEPTION_INT_DIVIDE_BY_ZERO)
    const left = exceptionsLeft(m)
    expect(left).toHaveLength(1)
    expect(String((left[0]!.detail as { error?: string }).error)).toMatch(/divide by zero/)
  })

  test('passed on to an enclosing CeTryCall, which handles it: the caller gets the exception code', async () => {
    const { m, app, h, readings } = await boot()
    const r = await app.ioctl(h, AVERAGE_GUARDED, batch(readings, 0), 4)
    expect(r.ok).toBe(true)
    expect(dword(r.output)).toBe(EXCEPTION_INT_DIVIDE_BY_ZERO)
    expect(exceptionsLeft(m)).toEqual([])
    // And the inner filter still takes an access violation itself.
    const bad = await app.ioctl(h, AVERAGE_GUARDED, batch(BAD_POINTER, 4), 4)
    expect(bad.ok).toBe(true)
    expect(dword(bad.output)).not.toBe(EXCEPTION_ACCESS_VIOLATION)
  })

  test('EXCEPTION_CONTINUE_EXECUTION is refused with a message naming it', async () => {
    const { m, app, h } = await boot()
    expect((await app.ioctl(h, AVERAGE_RETRY, batch(BAD_POINTER, 4), 4)).ok).toBe(false)
    const left = exceptionsLeft(m)
    expect(left).toHaveLength(1)
    expect(String((left[0]!.detail as { error?: string }).error)).toMatch(/EXCEPTION_CONTINUE_EXECUTION, which cedk does not support/)
  })
})
