// Structs of the description language, laid out as the CE compilers do (natural alignment), with the TS type of
// a decoded struct computed from its description: `Infer<typeof SERIAL_LINE_CONTROL>`.
import type { BytesField, FieldBase, ScalarField, StringField, VarBytesField } from './fields.js'
import type { PtrField } from './pointers.js'

/** A fixed number of structs inline. */
export interface InlineArrayField<S extends StructDesc = StructDesc> extends FieldBase<Infer<S>[]> {
  readonly kind: 'array'
  readonly of: S
  readonly count: number
}

export type Field = ScalarField | BytesField | StringField | VarBytesField | PtrField | StructDesc | InlineArrayField
export type Fields = Readonly<Record<string, Field>>

/** The decoded value of one field. */
export type ValueOf<F> = F extends FieldBase<infer V> ? V : never
/** The decoded value of a struct with these fields. */
export type InferFields<F extends Fields> = { -readonly [K in keyof F]: ValueOf<F[K]> }
/** The decoded value of a struct description. */
export type Infer<S extends StructDesc> = InferFields<S['fields']>

export interface StructDesc<F extends Fields = Fields> extends FieldBase<InferFields<F>> {
  readonly kind: 'struct'
  readonly name: string
  readonly fields: F
  /** Byte offset of each field. */
  readonly offsets: Readonly<Record<keyof F & string, number>>
  /** The trailing variable byte array, if any (its bytes follow `size`). */
  readonly tail?: keyof F & string
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a

/** `struct('SERIAL_LINE_CONTROL', { StopBits: u8(), Parity: u8(), WordLength: u8() })`. */
export function struct<F extends Fields>(name: string, fields: F): StructDesc<F> {
  const offsets: Record<string, number> = {}
  let at = 0
  let align = 1
  let tail: string | undefined
  for (const [k, f] of Object.entries(fields)) {
    if (tail) throw new Error(`${name}.${tail}: a variable byte array must be the last field`)
    if (f.kind === 'varBytes') {
      if (!(f.len in offsets)) throw new Error(`${name}.${k}: length field ${f.len} must come before it`)
      tail = k
    }
    at = alignUp(at, f.align)
    offsets[k] = at
    at += f.size
    align = Math.max(align, f.align)
  }
  return { kind: 'struct', name, fields, offsets: offsets as StructDesc<F>['offsets'], size: alignUp(at, align), align, ...(tail && { tail: tail as keyof F & string }) }
}

/** One field of a struct with its name and byte offset. */
export interface LaidField {
  readonly name: string
  readonly field: Field
  readonly offset: number
}

const laidOut = new WeakMap<StructDesc, readonly LaidField[]>()

/**
 * The fields of `s` in order, with their offsets: made once per description (performance: the property runner
 * encodes and places a struct per generated call, and Object.entries on every one showed in the profile).
 */
export function fieldsOf(s: StructDesc): readonly LaidField[] {
  let list = laidOut.get(s)
  if (!list) laidOut.set(s, (list = Object.entries(s.fields).map(([name, field]) => ({ name, field, offset: s.offsets[name]! }))))
  return list
}

/** `inlineArray(POINT, 4)`: four POINTs inside the struct. */
export function inlineArray<S extends StructDesc>(of: S, count: number): InlineArrayField<S> {
  return { kind: 'array', of, count, size: of.size * count, align: of.align }
}
