// What CE6-R07 compares: the defined part of a result, and the calls whose buffers the reflector (first level) or
// the marshalling helpers (embedded) pass differently.
import { createMachine, PAGE_READONLY } from '@cedk/kernel'
import { expect, test } from 'vitest'
import { definedResult, embeddedDifference, reflectorDifference } from '../../src/verifier/call-observation.js'
import { compareModes } from '../../src/verifier/compare-modes.js'

test('a failure keeps its error only; a success its value, bytes and output, never the last error', () => {
  expect(definedResult({ ok: false, value: 0, lastError: 87, bytes: 4, out: [0, 0, 0, 0] })).toEqual({ ok: false, value: 0, lastError: 87 })
  expect(definedResult({ ok: false, value: 0, lastError: 87, bytes: 0, out: null })).toEqual({ ok: false, value: 0, lastError: 87 })
  expect(definedResult({ ok: true, value: 1, lastError: 259, bytes: 4, out: [1, 2, 3, 4] })).toEqual({ ok: true, value: 1, bytes: 4, out: [1, 2, 3, 4] })
  expect(definedResult({ ok: true, lastError: 87, bytes: 0 })).toEqual({ ok: true, bytes: 0 })
})

test('buffers the reflector passes differently: unmapped, read-only out, zero-sized; not NULL, kernel or valid ones', () => {
  const p = createMachine({ registry: '', seed: 1 }).createProcess('app.exe')
  const space = p.process.space
  const rw = p.alloc(64)
  const ro = p.alloc(64, PAGE_READONLY)
  expect(reflectorDifference(space, rw, 64, rw, 64)).toBeNull()
  expect(reflectorDifference(space, 0, 0, 0, 0)).toBeNull()
  expect(reflectorDifference(space, 0x80001000, 8, rw, 8)).toBeNull() // IsValidUsrPtr refuses it in both modes
  expect(reflectorDifference(space, ro, 8, rw, 8)).toBeNull() // an input only needs to be readable
  expect(reflectorDifference(space, rw, 8, 0x5fff0000, 36)).toMatch(/^lpOutBuf is not committed writable/)
  expect(reflectorDifference(space, rw, 8, ro, 8)).toMatch(/^lpOutBuf is not committed writable/)
  expect(reflectorDifference(space, 0x5fff0000, 8, rw, 8)).toMatch(/^lpInBuf is not committed readable/)
  expect(reflectorDifference(space, rw, 8, rw + 0x10000 - 4, 8)).toMatch(/^lpOutBuf/) // runs past the allocation
  expect(reflectorDifference(space, rw, 8, rw, 0)).toMatch(/^lpOutBuf is non-NULL with size 0/)
})

test('a step marked notCompared in either mode is skipped; the others are still compared', () => {
  const fail = (lastError: number) => ({ ok: false, lastError })
  const kernel = [
    { step: 'a', run: 'one', result: fail(259), notCompared: 'lpOutBuf is not committed writable' },
    { step: 'b', run: 'two', result: fail(87) },
  ]
  const udevice = [
    { step: 'a', run: 'one', result: fail(87), notCompared: 'lpOutBuf is not committed writable' },
    { step: 'b', run: 'two', result: fail(5) },
  ]
  expect(compareModes(kernel, udevice).map((v) => v.entry)).toEqual(['b'])
})

test('after a not-compared step, the rest of that run is not compared; the next run is', () => {
  const ok = (bytes: number) => ({ ok: true, bytes })
  const fail = (lastError: number) => ({ ok: false, lastError })
  const why = 'lpOutBuf is non-NULL with size 0'
  const kernel = [
    { step: 'set', run: 'one', result: fail(122), notCompared: why },
    { step: 'get', run: 'one', result: ok(8) },
    { step: 'get', run: 'two', result: ok(8) },
  ]
  const udevice = [
    { step: 'set', run: 'one', result: ok(0), notCompared: why },
    { step: 'get', run: 'one', result: ok(4) },
    { step: 'get', run: 'two', result: ok(4) },
  ]
  expect(compareModes(kernel, udevice).map((v) => v.detail)).toEqual([{ step: 2, kernel: ok(8), udevice: ok(4) }])
  // Even when both modes answered it with the same error: in kernel mode the driver ran before it failed (the clean
  // corpus's ringbuf had queued a WRITE's data, its adcsampler had counted a sample), in udevice it never ran.
  const same = [{ ...kernel[0]!, result: fail(87) }, kernel[1]!]
  expect(compareModes(same, [{ ...udevice[0]!, result: fail(87) }, udevice[1]!])).toEqual([])
})

test('an embedded pointer not committed with the access its direction needs marks the call not compared', () => {
  const app = createMachine({ registry: '', seed: 1 }).createProcess('app.exe')
  const ro = app.alloc(64, PAGE_READONLY)
  const rw = app.alloc(64)
  const space = app.process.space
  // An out pointer on a read-only page: kernel-mode CeOpenCallerBuffer returns it (the driver faults on the write),
  // user mode copies it (the write-back fails): the driver sees different failures.
  expect(embeddedDifference(space, [{ path: 'pRx', address: ro, length: 4, write: true }])).toMatch(/^embedded pointer pRx is not committed writable/)
  expect(embeddedDifference(space, [{ path: 'pTx', address: ro, length: 4, write: false }])).toBeNull()
  expect(embeddedDifference(space, [{ path: 'pRx', address: rw, length: 4, write: true }])).toBeNull()
  // A kernel address fails IsValidUsrPtr, the same way in both modes.
  expect(embeddedDifference(space, [{ path: 'p', address: 0x80001000, length: 4, write: true }])).toBeNull()
})
