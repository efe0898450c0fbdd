// Embedded pointers of the description language: a pointer field inside a struct, what it points to, which field
// holds its length, and the direction the data goes. A decoded pointer field is an EmbeddedPtr: the caller-side
// brand of @cedk/kernel, which ctx.mem refuses, so a driver written against a description must marshal it
// (CeOpenCallerBuffer) before it can touch the bytes.
import type { UserPtr } from '@cedk/kernel'
import type { FieldBase } from './fields.js'
import type { StructDesc } from './struct.js'

/** in: the driver reads it; out: the driver writes it; inout: both (CE6's ARG_I_PTR / ARG_O_PTR / ARG_IO_PTR). */
export type Direction = 'in' | 'out' | 'inout'

declare const pointee: unique symbol

/** An embedded pointer as a driver reads it out of the caller's buffer: a caller address, not dereferenceable. */
export type EmbeddedPtr<T = unknown> = UserPtr & { readonly [pointee]?: T }

/** A byte buffer of variable length (the length field gives its size in bytes). */
export interface BufferTarget {
  readonly kind: 'buffer'
  /** The largest buffer valid calls use. */
  readonly max: number
  /** The smallest (1 when not given: an empty buffer is a hostile kind). */
  readonly min?: number
}

/** An array of structs (the count field gives the number of elements). */
export interface ArrayTarget<S extends StructDesc = StructDesc> {
  readonly kind: 'array-of'
  readonly of: S
  readonly max: number
}

export type Target = StructDesc | BufferTarget | ArrayTarget

export interface PtrField<T extends Target = Target> extends FieldBase<EmbeddedPtr<T>> {
  readonly kind: 'ptr'
  readonly target: T
  readonly dir: Direction
  /** The field holding the pointee's size in bytes. */
  readonly len?: string
  /** The field holding the number of array elements. */
  readonly count?: string
}

export function buffer(max = 256, min?: number): BufferTarget {
  if (!Number.isInteger(max) || max < 1) throw new Error(`buffer(${max}): the largest size must be a positive integer`)
  if (min === undefined) return { kind: 'buffer', max }
  if (!Number.isInteger(min) || min < 1 || min > max) throw new Error(`buffer(${max}, ${min}): the smallest size must be an integer from 1 to ${max}`)
  return { kind: 'buffer', max, min }
}
export const arrayOf = <S extends StructDesc>(of: S, max = 8): ArrayTarget<S> => ({ kind: 'array-of', of, max })

export interface PtrOptions {
  dir: Direction
  len?: string
  count?: string
}

/** `ptr(buffer(), { dir: 'out', len: 'cbData' })`: an embedded pointer (4 bytes on CE's 32-bit targets). */
export function ptr<T extends Target>(target: T, o: PtrOptions): PtrField<T> {
  if (target.kind === 'buffer' && !o.len) throw new Error('ptr(buffer()): a buffer needs its length field (len)')
  if (target.kind === 'array-of' && !o.count && !o.len) throw new Error('ptr(arrayOf()): an array needs its count field (count)')
  return { kind: 'ptr', target, dir: o.dir, size: 4, align: 4, ...(o.len && { len: o.len }), ...(o.count && { count: o.count }) }
}

/** Bytes a pointee of `target` takes when its length or count field holds `n` (`n` unused for a struct). */
export function pointeeSize(f: PtrField, n: number): number {
  const t = f.target
  if (t.kind === 'struct') return f.len ? n : t.size
  if (t.kind === 'buffer') return n
  return f.count ? n * t.of.size : n
}
