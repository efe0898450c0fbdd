// The test-side JSON Schema validator (json-schema.ts): each keyword accepts what it should and rejects what it
// should, references resolve, and a keyword it does not know is an error rather than a silent pass.
import { describe, expect, test } from 'vitest'
import { validate, type Schema } from './json-schema.js'

const ok = (s: Schema, v: unknown) => expect(validate(s, v)).toEqual([])
const bad = (s: Schema, v: unknown, what: RegExp) => expect(validate(s, v).join('\n')).toMatch(what)

describe('json-schema validator', () => {
  test('type, including integer and a list of types', () => {
    ok({ type: 'integer' }, 3)
    bad({ type: 'integer' }, 3.5, /must be integer, not number/)
    ok({ type: ['string', 'null'] }, null)
    bad({ type: 'object' }, [], /must be object, not array/)
    bad({ type: 'number' }, Number.NaN, /must be number/)
  })

  test('enum and const compare JSON values, not references', () => {
    ok({ enum: ['a', { b: [1] }] }, { b: [1] })
    bad({ enum: ['none', 'note'] }, 'fatal', /must be one of/)
    bad({ const: 1 }, '1', /must be 1/)
  })

  test('properties, required and additionalProperties (false or a schema)', () => {
    const s = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }
    ok(s, { a: 'x' })
    bad(s, {}, /\$: needs property "a"/)
    bad(s, { a: 1 }, /\$\.a: must be string/)
    bad(s, { a: 'x', b: 1 }, /property "b" is not allowed/)
    bad({ additionalProperties: { type: 'string' } }, { 'x/y': 2 }, /\$\["x\/y"\]: must be string/)
  })

  test('items, minItems, maxItems and uniqueItems (deep equality)', () => {
    ok({ items: { type: 'integer' }, minItems: 1, uniqueItems: true }, [1, 2])
    bad({ items: { type: 'integer' } }, [1, 'x'], /\$\[1\]: must be integer/)
    bad({ minItems: 1 }, [], /at least 1/)
    bad({ maxItems: 1 }, [1, 2], /at most 1/)
    bad({ uniqueItems: true }, [{ a: 1, b: 2 }, { b: 2, a: 1 }], /item 1 repeats/)
  })

  test('minimum, maximum and pattern (unanchored, as JSON Schema says)', () => {
    ok({ minimum: 1, maximum: 3 }, 1)
    bad({ minimum: 1 }, 0, /≥ 1/)
    bad({ maximum: 3 }, 4, /≤ 3/)
    ok({ pattern: '[0-9]+(\\.[0-9]+){3}' }, 'v1.2.3.4')
    bad({ pattern: '^[a-z]{2}$' }, 'eng', /must match/)
  })

  test('formats uri, uri-reference, date-time and uuid', () => {
    ok({ format: 'uri' }, 'https://json.schemastore.org/sarif-2.1.0.json')
    bad({ format: 'uri' }, 'src/legacy.ts', /must be a uri/)
    ok({ format: 'uri-reference' }, 'src/legacy.ts')
    bad({ format: 'uri-reference' }, 'src/my file.ts', /uri-reference/)
    ok({ format: 'date-time' }, '2024-05-01T10:00:00.123Z')
    bad({ format: 'date-time' }, '2024-05-01 10:00', /date-time/)
    ok({ format: 'uuid' }, '123e4567-e89b-12d3-a456-426614174000')
    bad({ format: 'uuid' }, '123', /uuid/)
  })

  test('anyOf, oneOf and allOf', () => {
    const either = { anyOf: [{ required: ['text'] }, { required: ['id'] }] }
    ok(either, { id: 'x' })
    bad(either, {}, /matches none of anyOf/)
    const one = { oneOf: [{ required: ['a'] }, { required: ['b'] }] }
    ok(one, { a: 1 })
    bad(one, { a: 1, b: 2 }, /exactly one of oneOf, matches 2/)
    bad({ allOf: [{ type: 'string' }, { minItems: 1 }, { pattern: 'x' }] }, 'y', /must match/)
  })

  test('$ref resolves into the same document; boolean schemas; annotations are ignored', () => {
    const root = { definitions: { msg: { type: 'object', required: ['text'] } }, properties: { m: { $ref: '#/definitions/msg', description: 'x', default: {} } } }
    ok(root, { m: { text: 'hi' } })
    bad(root, { m: {} }, /\$\.m: needs property "text"/)
    expect(() => validate({ $ref: '#/definitions/nope' }, 1)).toThrow(/names nothing/)
    ok(true, 1)
    bad(false, 1, /no value is allowed/)
  })

  test('an unsupported keyword throws instead of passing silently', () => {
    expect(() => validate({ if: { type: 'string' } }, 'x')).toThrow(/unsupported JSON Schema keyword "if"/)
    expect(() => validate({ $ref: 'other.json#/x' }, 1)).toThrow(/only references into the same document/)
  })
})
