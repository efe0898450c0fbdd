// getLE/putLE agree with a DataView in little-endian mode, for every width, offset and value (negative ones stored
// as their two's complement, as setInt32 stores them).
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { getLE, putLE } from '../../src/index.js'

test('putLE stores, and getLE reads, what a little-endian DataView does', () => {
  fc.assert(
    fc.property(fc.constantFrom(1 as const, 2 as const, 4 as const), fc.nat(12), fc.integer({ min: -0x80000000, max: 0xffffffff }), (n, at, v) => {
      const ours = new Uint8Array(16).fill(0xaa)
      const ref = new Uint8Array(16).fill(0xaa)
      putLE(ours, at, n, v)
      const dv = new DataView(ref.buffer)
      if (n === 1) dv.setUint8(at, v & 0xff)
      else if (n === 2) dv.setUint16(at, v & 0xffff, true)
      else dv.setUint32(at, v >>> 0, true)
      expect([...ours]).toEqual([...ref])
      expect(getLE(ours, at, n)).toBe(n === 1 ? dv.getUint8(at) : n === 2 ? dv.getUint16(at, true) : dv.getUint32(at, true))
    }),
    { seed: 42, numRuns: 300 },
  )
})
