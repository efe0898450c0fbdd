// Encoding and decoding of described structs (little-endian, as CE's ARM and x86 targets). Test code encodes what
// a caller passes; models and properties decode what a driver wrote. Pointer fields are plain addresses in the
// bytes and EmbeddedPtr values once decoded.
import type { ScalarField } from './fields.js'
import { fieldsOf, type Field, type Infer, type StructDesc } from './struct.js'

type Loose = Record<string, unknown>

/** The bytes of `value`: the fixed part, then the trailing variable array if the struct has one. */
export function encode<S extends StructDesc>(s: S, value: Infer<S>): Uint8Array {
  const v = value as Loose
  const tail = s.tail ? (v[s.tail] as Uint8Array) : undefined
  const out = new Uint8Array(s.size + (tail?.length ?? 0))
  writeStruct(new DataView(out.buffer), 0, s, v)
  if (tail) out.set(tail, s.size)
  return out
}

/** The value held by `bytes` (missing bytes read as zero; a trailing array is cut to what is there). */
export function decode<S extends StructDesc>(s: S, bytes: Uint8Array): Infer<S> {
  const full = bytes.length >= s.size ? bytes : padded(bytes, s.size)
  const value = readStruct(new DataView(full.buffer, full.byteOffset, full.byteLength), 0, s)
  if (s.tail) {
    const n = Number(value[(s.fields[s.tail] as { len: string }).len])
    value[s.tail] = bytes.slice(s.size, s.size + Math.max(0, n))
  }
  return value as Infer<S>
}

/** Bytes of the encoded value (fixed part plus trailing array). */
export const encodedSize = <S extends StructDesc>(s: S, value: Infer<S>): number =>
  s.size + (s.tail ? ((value as Loose)[s.tail] as Uint8Array).length : 0)

function padded(b: Uint8Array, n: number): Uint8Array {
  const p = new Uint8Array(n)
  p.set(b)
  return p
}

function writeStruct(dv: DataView, base: number, s: StructDesc, v: Loose): void {
  for (const f of fieldsOf(s)) writeField(dv, base + f.offset, f.field, v[f.name])
}

function writeField(dv: DataView, at: number, f: Field, x: unknown): void {
  switch (f.kind) {
    case 'scalar':
      return writeScalar(dv, at, f, Number(x))
    case 'ptr':
      return dv.setUint32(at, Number(x) >>> 0, true)
    case 'bytes':
      return new Uint8Array(dv.buffer, dv.byteOffset + at, f.size).set((x as Uint8Array).subarray(0, f.size))
    case 'string':
      return writeString(dv, at, f.chars, f.wide, String(x))
    case 'struct':
      return writeStruct(dv, at, f, x as Loose)
    case 'array':
      return (x as Loose[]).slice(0, f.count).forEach((e, i) => writeStruct(dv, at + i * f.of.size, f.of, e))
    case 'varBytes':
      return // written after the fixed part
  }
}

function writeScalar(dv: DataView, at: number, f: ScalarField, n: number): void {
  if (f.type === 'u8') dv.setUint8(at, n & 0xff)
  else if (f.type === 'u16') dv.setUint16(at, n & 0xffff, true)
  else if (f.type === 'u32') dv.setUint32(at, n >>> 0, true)
  else dv.setInt32(at, n | 0, true)
}

function writeString(dv: DataView, at: number, chars: number, wide: boolean, s: string): void {
  for (let i = 0; i < chars; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0
    if (wide) dv.setUint16(at + 2 * i, c, true)
    else dv.setUint8(at + i, c & 0xff)
  }
}

function readStruct(dv: DataView, base: number, s: StructDesc): Loose {
  const v: Loose = {}
  for (const f of fieldsOf(s)) v[f.name] = readField(dv, base + f.offset, f.field)
  return v
}

function readField(dv: DataView, at: number, f: Field): unknown {
  switch (f.kind) {
    case 'scalar':
      return f.type === 'u8' ? dv.getUint8(at) : f.type === 'u16' ? dv.getUint16(at, true) : f.type === 'u32' ? dv.getUint32(at, true) : dv.getInt32(at, true)
    case 'ptr':
      return dv.getUint32(at, true)
    case 'bytes':
      return new Uint8Array(dv.buffer.slice(dv.byteOffset + at, dv.byteOffset + at + f.size))
    case 'string':
      return readString(dv, at, f.chars, f.wide)
    case 'struct':
      return readStruct(dv, at, f)
    case 'array':
      return Array.from({ length: f.count }, (_, i) => readStruct(dv, at + i * f.of.size, f.of))
    case 'varBytes':
      return new Uint8Array(0)
  }
}

function readString(dv: DataView, at: number, chars: number, wide: boolean): string {
  let s = ''
  for (let i = 0; i < chars; i++) {
    const c = wide ? dv.getUint16(at + 2 * i, true) : dv.getUint8(at + i)
    if (c === 0) break
    s += String.fromCharCode(c)
  }
  return s
}
