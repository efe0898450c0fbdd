// Blocking calls in C drivers (cdriver/c-async.ts), through mailbox.dll (mailbox/mailbox.c): a reader blocked in
// WaitForSingleObject while another caller posts, a worker thread on Sleep-like timed waits, critical sections
// held across a Sleep, WaitForMultipleObjects, two readers blocked at once keeping their stacks apart, and a
// CeTryCall body that blocks and then faults. In kernel mode and in a udevice. Runs the committed mailbox.wasm.
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_PARAMETER, ERROR_TIMEOUT, MEM_DECOMMIT, defineCDriver } from '../../src/index.js'
import { inUdevice, openDevice } from './open-device.js'

const mailbox = defineCDriver('mailbox.dll', new URL('./mailbox/mailbox.wasm', import.meta.url))
const code = (fn: number) => ((0x8003 << 16) | (fn << 2)) >>> 0
const POST = code(0x900)
const TAKE = code(0x901)
const STATS = code(0x902)
const TAKE_ANY = code(0x903)
const SLOW_COPY = code(0x904)
const HOLD = code(0x905)

const modes = [
  ['kernel', {}],
  ['udevice', inUdevice()],
] as const

const boot = (values: Record<string, number>) => openDevice(mailbox, 'Mailbox', 'MBX', values)

const msg = (tag: number) => Uint8Array.from({ length: 16 }, (_, i) => (tag + i) & 0xff)
const dw = (...v: number[]) => new Uint8Array(Uint32Array.from(v).buffer)
const u32s = (b: Uint8Array) => Array.from(new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)))

describe.each(modes)('blocking calls in a C driver (%s mode)', (_mode, flags) => {
  test('a reader blocks in WaitForSingleObject until another process posts; it gets that message', async () => {
    const { m, app, h } = await boot(flags)
    const reader = app.createThread()
    const taken = reader.ioctl(h, TAKE, dw(1000), 20)
    await m.advance(3)
    const poster = m.createProcess('poster.exe')
    const hp = (await poster.CreateFile('MBX1:')).handle
    expect((await poster.ioctl(hp, POST, msg(0x40), 0)).ok).toBe(true)
    const r = await taken
    expect(r.ok).toBe(true)
    expect(Array.from(r.output.subarray(0, 16))).toEqual(Array.from(msg(0x40)))
    const stats = u32s((await app.ioctl(h, STATS, new Uint8Array(0), 20)).output)
    expect(stats.slice(0, 3)).toEqual([1, 1, 0])
  })

  test('a timed wait that runs out returns WAIT_TIMEOUT to the C code (ERROR_TIMEOUT from the driver)', async () => {
    const { m, app, h } = await boot(flags)
    const before = m.now
    const r = await app.ioctl(h, TAKE, dw(25), 20)
    expect(r).toMatchObject({ ok: false, lastError: ERROR_TIMEOUT })
    expect(m.now - before).toBeGreaterThanOrEqual(25)
  })

  test('the worker thread created in Init runs on timed waits and enters the critical section', async () => {
    const { m, app, h } = await boot(flags)
    await app.ioctl(h, POST, msg(1), 0)
    const t0 = u32s((await app.ioctl(h, STATS, new Uint8Array(0), 20)).output)[3]!
    await m.advance(100)
    const t1 = u32s((await app.ioctl(h, STATS, new Uint8Array(0), 20)).output)[3]!
    expect(t1 - t0).toBeGreaterThanOrEqual(9)
    expect(t1 - t0).toBeLessThanOrEqual(11)
    // The message aged once per tick, under the lock.
    const r = await app.ioctl(h, TAKE, dw(0), 20)
    expect(u32s(r.output)[4]).toBe(t1)
  })

  test('two readers blocked at once keep their own stacks; each gets one message', async () => {
    const { m, app, h } = await boot(flags)
    const a = app.createThread().ioctl(h, TAKE, dw(1000), 20)
    const b = app.createThread().ioctl(h, TAKE, dw(1000), 20)
    await m.advance(2)
    await app.ioctl(h, POST, msg(0x10), 0)
    await app.ioctl(h, POST, msg(0x80), 0)
    const got = [(await a).output.subarray(0, 16), (await b).output.subarray(0, 16)].map((o) => o[0])
    expect(got.sort((x, y) => x! - y!)).toEqual([0x10, 0x80])
  })

  test('a critical section held across Sleep makes the other thread wait for it', async () => {
    const { m, app, h } = await boot(flags)
    const before = m.now
    const holder = app.createThread().ioctl(h, HOLD, dw(30), 0)
    await m.advance(1)
    const second = app.createThread().ioctl(h, HOLD, dw(0), 0)
    expect((await holder).ok).toBe(true)
    expect((await second).ok).toBe(true)
    expect(m.now - before).toBeGreaterThanOrEqual(30)
    expect(u32s((await app.ioctl(h, STATS, new Uint8Array(0), 20)).output)[4]).toBe(1)
  })

  test('a CeTryCall body that blocks in the middle completes after the wait', async () => {
    const { app, h } = await boot(flags)
    const input = Uint8Array.from({ length: 32 }, (_, i) => i * 3)
    const r = await app.ioctl(h, SLOW_COPY, input, 32)
    expect(r.ok).toBe(true)
    expect(Array.from(r.output)).toEqual(Array.from(input))
  })

  test('Deinit stops the worker: it waits on the thread handle, and the device goes away cleanly', async () => {
    const { m } = await boot(flags)
    const dev = m.devices().find((d) => d.name === 'MBX1')!
    expect((await m.DeactivateDevice(dev.handle)).ok).toBe(true)
    expect(m.devices().some((d) => d.name === 'MBX1')).toBe(false)
    expect(m.bugcheck).toBeNull()
    expect(m.hangs).toEqual([])
  })
})

describe('faults in a C driver after it blocked (kernel mode: the driver writes the caller\'s buffer itself)', () => {
  test('a fault after the guarded body resumed is still caught by its CeTryCall', async () => {
    const { app, h } = await boot({})
    const input = app.alloc(4096)
    app.write(input, new Uint8Array(64).fill(7))
    // The output's first 32 bytes end a mapped page, the rest is decommitted: the first half is copied before the
    // Sleep, the second half faults after it.
    const out = app.alloc(8192)
    app.write(out + 4096 - 32, new Uint8Array(32))
    app.VirtualFree(out + 4096, 4096, MEM_DECOMMIT)
    const r = await app.DeviceIoControl(h, SLOW_COPY, input, 64, out + 4096 - 32, 64, 0)
    expect(r).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
    expect(Array.from(app.read(out + 4096 - 32, 32))).toEqual(new Array(32).fill(7))
  })
})

describe.each(modes)('WaitForMultipleObjects in a C driver (%s mode)', (_mode, flags) => {
  test('WAIT_TIMEOUT when nothing is signalled in time, the index of the signalled object otherwise', async () => {
    const { m, app, h } = await boot(flags)
    const before = m.now
    expect(u32s((await app.ioctl(h, TAKE_ANY, dw(5), 4)).output)).toEqual([0x102])
    expect(m.now - before).toBeGreaterThanOrEqual(5)
    const waiting = app.createThread().ioctl(h, TAKE_ANY, dw(1000), 4)
    await m.advance(1)
    await app.ioctl(h, POST, msg(9), 0)
    expect(u32s((await waiting).output)).toEqual([0])
    // The message is still there for TAKE.
    expect((await app.ioctl(h, TAKE, dw(0), 20)).output[0]).toBe(9)
  })
})

describe('how deep a blocked C thread may be', () => {
  const probe = defineCDriver('probe.dll', new URL('./probe/probe.wasm', import.meta.url))
  const DEEP_SLEEP = ((0x8002 << 16) | (0x904 << 2)) >>> 0

  const bootProbe = () => openDevice(probe, 'Probe1', 'PRB')

  test('thousands of frames block and resume with every frame intact', async () => {
    const { app, h } = await bootProbe()
    const r = await app.ioctl(h, DEEP_SLEEP, dw(5000), 4)
    expect(r.ok).toBe(true)
    expect(u32s(r.output)).toEqual([5000])
  })

  test('more frames than the save buffer holds: the call fails with a message saying so, and the driver goes on', async () => {
    const { m, app, h } = await bootProbe()
    const r = await app.ioctl(h, DEEP_SLEEP, dw(7000), 4)
    expect(r.ok).toBe(false)
    const fault = m.trace.events().find((e) => e.type === 'driver-exception')
    expect(String((fault?.detail as { error?: string } | undefined)?.error)).toMatch(/probe\.dll: a thread blocked with more than 64 KiB of C frames to save/)
    expect(u32s((await app.ioctl(h, DEEP_SLEEP, dw(10), 4)).output)).toEqual([10])
  })
})
