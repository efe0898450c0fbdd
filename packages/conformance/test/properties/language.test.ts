// The description language: the TS type of a decoded struct follows from its description (checked by tsc through
// the @ts-expect-error lines, which fail the typecheck if they stop being errors), pointer fields carry the caller
// brand ctx.mem refuses, and encode/decode round-trips every valid value.
import fc from 'fast-check'
import { describe, expect, expectTypeOf, test } from 'vitest'
import type { DriverContext, UserPtr } from '@cedk/kernel'
import { buffer, decode, encode, ptr, struct, structValue, u16, u32, u8, string, inlineArray, varBytes, validScalar, type EmbeddedPtr, type Infer, type InputOf } from '@cedk/conformance'
import { SERIAL_LINE_CONTROL, serialIoctls } from '../../../../examples/serial/src/descriptions.js'

const POINT = struct('POINT', { x: u16(), y: u16() })
const PACKET = struct('PACKET', {
  kind: u8({ oneOf: [1, 2] }),
  data: ptr(buffer(64), { dir: 'in', len: 'cbData' }),
  cbData: u32(),
  name: string(8),
  corners: inlineArray(POINT, 2),
  cbTail: u32({ min: 0, max: 8 }),
  tail: varBytes('cbTail', 8),
})

describe('types follow from descriptions', () => {
  test('a decoded struct has the fields and types its description gives', () => {
    expectTypeOf<Infer<typeof SERIAL_LINE_CONTROL>>().toEqualTypeOf<{ StopBits: number; Parity: number; WordLength: number }>()
    expectTypeOf<Infer<typeof PACKET>['name']>().toEqualTypeOf<string>()
    expectTypeOf<Infer<typeof PACKET>['corners']>().toEqualTypeOf<{ x: number; y: number }[]>()
    expectTypeOf<InputOf<(typeof serialIoctls)[0]>>().toEqualTypeOf<{ BaudRate: number }>()
    const line = decode(SERIAL_LINE_CONTROL, new Uint8Array(3))
    // @ts-expect-error: SERIAL_LINE_CONTROL has no field Baud
    void line.Baud
    // @ts-expect-error: a field's value is a number, not a string
    line.Parity = 'even'
  })

  test('a decoded embedded pointer is a caller pointer: ctx.mem refuses it until it is marshalled', () => {
    const p = decode(PACKET, new Uint8Array(64))
    expectTypeOf(p.data).toEqualTypeOf<EmbeddedPtr<ReturnType<typeof buffer>>>()
    expectTypeOf(p.data).toMatchTypeOf<UserPtr>()
    const driverCode = (ctx: DriverContext) => {
      // @ts-expect-error: an embedded pointer cannot be dereferenced without CeOpenCallerBuffer
      ctx.mem.read(p.data, p.cbData)
      const { ptr: marshalled } = ctx.CeOpenCallerBuffer(p.data, p.cbData, 4, true)
      return ctx.mem.read(marshalled, p.cbData)
    }
    expect(typeof driverCode).toBe('function')
  })
})

describe('encode and decode', () => {
  test('layout: natural alignment, as the CE compilers lay structs out', () => {
    expect(PACKET.offsets).toEqual({ kind: 0, data: 4, cbData: 8, name: 12, corners: 20, cbTail: 28, tail: 32 })
    expect(PACKET.size).toBe(32)
  })

  test('round trip: decode(encode(v)) is v for every valid value', () => {
    const arb = structValue(PACKET, () => fc.nat().map((n) => n >>> 0) as never, validScalar).map((v) => ({ ...v, cbTail: (v.tail as Uint8Array).length }))
    fc.assert(
      fc.property(arb, (v) => {
        expect(decode(PACKET, encode(PACKET, v as never))).toEqual(v)
      }),
      { numRuns: 200 },
    )
  })
})
