// The leaf fields of the IOCTL description language: fixed-width integers with their constraints, fixed and
// variable byte arrays, and fixed-size strings. Each field carries its size and alignment (natural, as the
// ARM/x86 CE compilers lay out structs) and, as a phantom, the TS type its decoded value has.

export type ScalarType = 'u8' | 'u16' | 'u32' | 'i32'

/** What a valid value of a scalar field is: a range, one of some values (an enum), or a set of flag bits. */
export type Constraint = { min: number; max: number } | { oneOf: readonly number[] } | { flags: number }

declare const valueType: unique symbol

/** Every field kind: `V` is the type of its decoded value (a phantom, never present at run time). */
export interface FieldBase<V> {
  readonly [valueType]?: V
  readonly size: number
  readonly align: number
}

export interface ScalarField extends FieldBase<number> {
  readonly kind: 'scalar'
  readonly type: ScalarType
  readonly constraint?: Constraint
  /** The name of the enum or flag set, for printing (e.g. "PURGE_*"). */
  readonly names?: Readonly<Record<number, string>>
}

export interface BytesField extends FieldBase<Uint8Array> {
  readonly kind: 'bytes'
}

export interface StringField extends FieldBase<string> {
  readonly kind: 'string'
  readonly chars: number
  readonly wide: boolean
}

/** A trailing byte array whose length is another (earlier) field of the same struct. */
export interface VarBytesField<L extends string = string> extends FieldBase<Uint8Array> {
  readonly kind: 'varBytes'
  readonly len: L
  readonly max: number
}

const SIZES: Record<ScalarType, number> = { u8: 1, u16: 2, u32: 4, i32: 4 }

function scalar(type: ScalarType, constraint?: Constraint, names?: Record<number, string>): ScalarField {
  const size = SIZES[type]
  return { kind: 'scalar', type, size, align: size, ...(constraint && { constraint }), ...(names && { names }) }
}

export const u8 = (c?: Constraint): ScalarField => scalar('u8', c)
export const u16 = (c?: Constraint): ScalarField => scalar('u16', c)
export const u32 = (c?: Constraint): ScalarField => scalar('u32', c)
export const i32 = (c?: Constraint): ScalarField => scalar('i32', c)

/** An enum-valued field: `enumOf('u8', { NOPARITY: 0, ODDPARITY: 1 })`. */
export function enumOf(type: ScalarType, values: Readonly<Record<string, number>>): ScalarField {
  return scalar(type, { oneOf: Object.values(values) }, invert(values))
}

/** A flags field: any combination of the named bits. */
export function flagsOf(type: ScalarType, bits: Readonly<Record<string, number>>): ScalarField {
  return scalar(type, { flags: Object.values(bits).reduce((a, b) => a | b, 0) }, invert(bits))
}

export const bytes = (n: number): BytesField => ({ kind: 'bytes', size: n, align: 1 })

/** A fixed-size string: `chars` characters, NUL-padded; `wide` for WCHAR (UTF-16LE). */
export const string = (chars: number, wide = false): StringField => ({ kind: 'string', chars, wide, size: chars * (wide ? 2 : 1), align: wide ? 2 : 1 })

/** A trailing byte array of `len` bytes (at most `max`), `len` naming an earlier scalar field. */
export const varBytes = <L extends string>(len: L, max = 256): VarBytesField<L> => ({ kind: 'varBytes', len, max, size: 0, align: 1 })

function invert(o: Readonly<Record<string, number>>): Record<number, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]))
}

/** The bounds a scalar type can hold. */
export function scalarBounds(type: ScalarType): { min: number; max: number } {
  if (type === 'i32') return { min: -0x80000000, max: 0x7fffffff }
  return { min: 0, max: 2 ** (8 * SIZES[type]) - 1 }
}

/** Whether `v` keeps the field's constraint. */
export function keeps(f: ScalarField, v: number): boolean {
  const c = f.constraint
  if (!c) return true
  if ('oneOf' in c) return c.oneOf.includes(v)
  if ('flags' in c) return (v & ~c.flags) === 0
  return v >= c.min && v <= c.max
}
