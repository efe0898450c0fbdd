// The description language: the TS type of a decoded struct follows from its description (checked by tsc through
// the @ts-expect-error lines, which fail the typecheck if they stop being errors), pointer fields carry the caller
// brand ctx.mem refuses, and encode/decode round-trips every valid value.
import fc from 'fast-check'
import { describe, expect, expectTypeOf, test } from 'vitest'
import type { DriverContext, UserPtr } from '@cedk/kernel'
import { buffer, decode, encode, i32, ptr, struct, structValue, u16, u32, u8, string, inlineArray, varBytes, validScalar, type EmbeddedPtr, type Infer, type InputOf } from '@cedk/conformance'
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

  test('bytes: little-endian scalars and pointers, NUL-padded strings (wide as UTF-16LE), as a CE target lays them', () => {
    const S = struct('S', { a: u8(), b: u16(), c: u32(), d: i32(), p: ptr(buffer(4), { dir: 'in', len: 'n' }), n: u32(), s: string(3), w: string(2, true) })
    const v = { a: 0x1ff, b: 0x12345, c: 0x89abcdef, d: -2, p: 0xc0de0004, n: 4, s: 'hi', w: 'Z' }
    const bytes = encode(S, v as never)
    // a (u8, 0x1ff keeps its low byte), pad, b (u16), c, d (two's complement), p, n, s 'hi\0', w 'Z\0', pad
    expect([...bytes]).toEqual([0xff, 0, 0x45, 0x23, 0xef, 0xcd, 0xab, 0x89, 0xfe, 0xff, 0xff, 0xff, 0x04, 0x00, 0xde, 0xc0, 4, 0, 0, 0, 0x68, 0x69, 0, 0, 0x5a, 0, 0, 0])
    expect(decode(S, bytes)).toEqual({ ...v, a: 0xff, b: 0x2345 })
    expect(decode(S, bytes.subarray(0, 6))).toMatchObject({ a: 0xff, b: 0x2345, c: 0xcdef, d: 0, s: '' })
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
