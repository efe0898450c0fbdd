// C++ drivers and marshal.hpp's classes, through capture.dll (capture-cpp/capture.cpp, built with clang++ -fno-exceptions
// -fno-rtti by npm run build:c): MarshalledBuffer_t synchronous and asynchronous (flushed by a worker thread),
// DuplicatedBuffer_t, AsynchronousBuffer_t, the const overload's refusal, and the destructors releasing every buffer
// (the marshal ledger is empty after each call). Runs the committed capture.wasm: no clang needed.
import { describe, expect, test } from 'vitest'
import { Ev, defineCDriver, liveMarshalBuffers, type CallerProcess, type Machine } from '../../src/index.js'
import { openDevice } from './open-device.js'

const capture = defineCDriver('capture.dll', new URL('./capture-cpp/capture.wasm', import.meta.url))
const ioctl = (n: number) => ((0x8003 << 16) | ((0x900 + n) << 2)) >>> 0
const [FILL, FILL_LATER, CHECKSUM, FILL_OUT, READ_ONLY] = [0, 1, 2, 3, 4].map(ioctl) as number[]
const hr = (win32: number) => (0x80070000 | win32) >>> 0
const E_ACCESSDENIED = 0x80070005
const E_FAIL = 0x80004005
const ERROR_INVALID_PARAMETER = 87
const ERROR_NOT_SUPPORTED = 50
const ERROR_ALREADY_EXISTS = 183

type Mode = 'kernel' | 'udevice'

const boot = (mode: Mode) => openDevice(capture, 'Capture', 'CAP', mode === 'udevice' ? { Flags: 0x10 } : {})

/** A { pBuffer, cbBuffer, bPattern } request naming a fresh 32-byte buffer of the caller. */
function fillRequest(app: CallerProcess, cb: number, pattern: number) {
  const target = app.alloc(32)
  app.write(target, new Uint8Array(32).fill(0xee))
  const req = new Uint8Array(12)
  const dv = new DataView(req.buffer)
  dv.setUint32(0, target, true)
  dv.setUint32(4, cb, true)
  dv.setUint32(8, pattern, true)
  return { target, req }
}

const u32s = (b: Uint8Array, n: number) => Array.from({ length: n }, (_, i) => new DataView(b.buffer, b.byteOffset).getUint32(4 * i, true))
const noLiveBuffers = (m: Machine) => expect(liveMarshalBuffers(m.mem)).toEqual([])

for (const mode of ['kernel', 'udevice'] as const) {
  describe(`C++ driver with marshal.hpp (${mode})`, () => {
    test('MarshalledBuffer_t: an embedded output pointer filled and written back on Unmarshal; Flush of a synchronous one is refused', async () => {
      const { m, app, h } = await boot(mode)
      const { target, req } = fillRequest(app, 20, 0x41)
      const r = await app.ioctl(h, FILL, req, 12)
      expect(r.ok).toBe(true)
      expect(u32s(r.output, 3)).toEqual([0, hr(ERROR_INVALID_PARAMETER), 0])
      expect([...app.read(target, 22)]).toEqual([...new Array(20).fill(0x41), 0xee, 0xee])
      noLiveBuffers(m)
    })

    test('MarshalledBuffer_t asynchronous: a worker fills it, flushes halfway, and the destructor frees and closes it', async () => {
      const { m, app, h } = await boot(mode)
      const { target, req } = fillRequest(app, 16, 0x5a)
      const r = await app.ioctl(h, FILL_LATER, req, 12)
      expect(r.ok).toBe(true)
      // The halfway Flush writes to the caller from the worker: the kernel does it; from a udevice it is refused
      // (E_FAIL, the machine's answer for any driver: user-mode drivers cannot write caller memory asynchronously),
      // and the data still reaches the caller when the buffer is closed.
      expect(u32s(r.output, 3)).toEqual([0, mode === 'kernel' ? 0 : E_FAIL, 0])
      expect([...app.read(target, 17)]).toEqual([...new Array(16).fill(0x5a), 0xee])
      noLiveBuffers(m)
    })

    test('DuplicatedBuffer_t: a checksum of the input copy; Flush is ERROR_NOT_SUPPORTED, a second Allocate ERROR_ALREADY_EXISTS', async () => {
      const { m, app, h } = await boot(mode)
      const r = await app.ioctl(h, CHECKSUM, [1, 2, 3, 250], 12)
      expect(r.ok).toBe(true)
      expect(u32s(r.output, 3)).toEqual([256, hr(ERROR_NOT_SUPPORTED), hr(ERROR_ALREADY_EXISTS)])
      noLiveBuffers(m)
    })

    test('the const overload refuses an output descriptor with E_ACCESSDENIED and opens nothing', async () => {
      const { m, app, h } = await boot(mode)
      const { req } = fillRequest(app, 8, 0)
      const r = await app.ioctl(h, READ_ONLY, req, 4)
      expect(r.ok).toBe(true)
      expect(u32s(r.output, 1)).toEqual([E_ACCESSDENIED])
      const opens = m.trace.events().filter((e) => e.kind === Ev.ApiCall && m.trace.name(e.a) === 'CeOpenCallerBuffer')
      expect(opens).toEqual([])
      noLiveBuffers(m)
    })
  })
}

test('kernel: AsynchronousBuffer_t over the output buffer, filled by a worker thread and written back by its destructor', async () => {
  const { m, app, h } = await boot('kernel')
  const r = await app.ioctl(h, FILL_OUT, [0x33], 8)
  expect(r.ok).toBe(true)
  expect([...r.output]).toEqual(new Array(8).fill(0x33))
  noLiveBuffers(m)
})
