// Encoding and decoding of described structs (little-endian, as CE's ARM and x86 targets). Test code encodes what
// a caller passes; models and properties decode what a driver wrote. Pointer fields are plain addresses in the
// bytes and EmbeddedPtr values once decoded.
import { getLE, putLE } from '@cedk/kernel'
import { fieldsOf, type Field, type Infer, type StructDesc } from './struct.js'

type Loose = Record<string, unknown>

/** The bytes of `value`: the fixed part, then the trailing variable array if the struct has one. */
export function encode<S extends StructDesc>(s: S, value: Infer<S>): Uint8Array {
  const v = value as Loose
  const tail = s.tail ? (v[s.tail] as Uint8Array) : undefined
  const out = new Uint8Array(s.size + (tail?.length ?? 0))
  writeStruct(out, 0, s, v)
  if (tail) out.set(tail, s.size)
  return out
}

/** The value held by `bytes` (missing bytes read as zero; a trailing array is cut to what is there). */
export function decode<S extends StructDesc>(s: S, bytes: Uint8Array): Infer<S> {
  const full = bytes.length >= s.size ? bytes : padded(bytes, s.size)
  const value = readStruct(full, 0, s)
  if (s.tail) {
    const n = Number(value[(s.fields[s.tail] as { len: string }).len])
    value[s.tail] = bytes.slice(s.size, s.size + Math.max(0, n))
  }
  return value as Infer<S>
}

/** Write the top-level scalar fields of `values` over `bytes` (an encoded `s`), leaving every other byte as it is. */
export function writeScalars(s: StructDesc, bytes: Uint8Array, values: Record<string, unknown>): void {
  for (const f of fieldsOf(s)) if (f.field.kind === 'scalar' && f.offset + f.field.size <= bytes.length) writeField(bytes, f.offset, f.field, values[f.name])
}

/** Bytes of the encoded value (fixed part plus trailing array). */
export const encodedSize = <S extends StructDesc>(s: S, value: Infer<S>): number =>
  s.size + (s.tail ? ((value as Loose)[s.tail] as Uint8Array).length : 0)

function padded(b: Uint8Array, n: number): Uint8Array {
  const p = new Uint8Array(n)
  p.set(b)
  return p
}

// Scalars go through the kernel's getLE/putLE, not a DataView: asking a small typed array for its ArrayBuffer moves
// its bytes off the heap (about 1 µs), and every generated call is encoded and decoded a few times.

function writeStruct(b: Uint8Array, base: number, s: StructDesc, v: Loose): void {
  for (const f of fieldsOf(s)) writeField(b, base + f.offset, f.field, v[f.name])
}

function writeField(b: Uint8Array, at: number, f: Field, x: unknown): void {
  switch (f.kind) {
    case 'scalar':
      return putLE(b, at, f.size as 1 | 2 | 4, Number(x))
    case 'ptr':
      return putLE(b, at, 4, Number(x))
    case 'bytes':
      return b.set((x as Uint8Array).subarray(0, f.size), at)
    case 'string':
      return writeString(b, at, f.chars, f.wide, String(x))
    case 'struct':
      return writeStruct(b, at, f, x as Loose)
    case 'array':
      return (x as Loose[]).slice(0, f.count).forEach((e, i) => writeStruct(b, at + i * f.of.size, f.of, e))
    case 'varBytes':
      return // written after the fixed part
  }
}

function writeString(b: Uint8Array, at: number, chars: number, wide: boolean, s: string): void {
  for (let i = 0; i < chars; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0
    if (wide) putLE(b, at + 2 * i, 2, c)
    else b[at + i] = c
  }
}

function readStruct(b: Uint8Array, base: number, s: StructDesc): Loose {
  const v: Loose = {}
  for (const f of fieldsOf(s)) v[f.name] = readField(b, base + f.offset, f.field)
  return v
}

function readField(b: Uint8Array, at: number, f: Field): unknown {
  switch (f.kind) {
    case 'scalar':
      return f.type === 'i32' ? getLE(b, at, 4) | 0 : getLE(b, at, f.size as 1 | 2 | 4)
    case 'ptr':
      return getLE(b, at, 4)
    case 'bytes':
      return b.slice(at, at + f.size)
    case 'string':
      return readString(b, at, f.chars, f.wide)
    case 'struct':
      return readStruct(b, at, f)
    case 'array':
      return Array.from({ length: f.count }, (_, i) => readStruct(b, at + i * f.of.size, f.of))
    case 'varBytes':
      return new Uint8Array(0)
  }
}

function readString(b: Uint8Array, at: number, chars: number, wide: boolean): string {
  let s = ''
  for (let i = 0; i < chars; i++) {
    const c = wide ? getLE(b, at + 2 * i, 2) : b[at + i]!
    if (c === 0) break
    s += String.fromCharCode(c)
  }
  return s
}
