// Valid calls from a description: every scalar keeps its constraint, every embedded pointer will point to a real
// caller allocation of the right size and access, every length field will hold its pointee's size.
import fc from 'fast-check'
import { scalarBounds, type ScalarField } from '../describe/fields.js'
import type { IoctlDesc, IoctlSet } from '../describe/ioctl.js'
import type { PtrField, Target } from '../describe/pointers.js'
import type { Field, StructDesc } from '../describe/struct.js'
import type { CallPlan, PlanValue, PtrPlan } from './plan.js'
import { record } from './record.js'

/** How the pointers of a struct are made: valid ones here, hostile ones in hostile.ts. */
export type PtrArb = (f: PtrField, path: string) => fc.Arbitrary<PtrPlan>
/** How the scalars of a struct are made. */
export type ScalarArb = (f: ScalarField) => fc.Arbitrary<number>

export function validScalar(f: ScalarField): fc.Arbitrary<number> {
  const c = f.constraint
  if (!c) return fc.integer(scalarBounds(f.type))
  if ('oneOf' in c) return fc.constantFrom(...c.oneOf)
  if ('flags' in c) return fc.subarray(bitsOf(c.flags)).map((bs) => bs.reduce((a, b) => a | b, 0) >>> 0)
  return fc.integer({ min: c.min, max: c.max })
}

const bitsOf = (mask: number): number[] => Array.from({ length: 32 }, (_, i) => (mask >>> i) & 1 ? (1 << i) >>> 0 : 0).filter(Boolean)

export const validPtr: PtrArb = (f, path) => pointee(f.target, validPtr, validScalar, path).map((value) => ({ kind: 'valid', n: 0, value }))

/** The pointee of a pointer: a struct, a byte buffer, an array of structs (never empty: zero is a hostile kind). */
export function pointee(t: Target, ptrs: PtrArb, scalars: ScalarArb, path: string): fc.Arbitrary<PtrPlan['value']> {
  if (t.kind === 'struct') return structValue(t, ptrs, scalars, `${path}*`)
  if (t.kind === 'buffer') return fc.uint8Array({ minLength: t.min ?? 1, maxLength: t.max, size: 'small' })
  return fc.array(structValue(t.of, ptrs, scalars, `${path}[]`), { minLength: 1, maxLength: t.max })
}

/** The values of a struct, field by field (length fields of pointers are filled when the call is placed). */
export function structValue(s: StructDesc, ptrs: PtrArb, scalars: ScalarArb, path = ''): fc.Arbitrary<PlanValue> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [k, f] of Object.entries(s.fields)) rec[k] = fieldValue(f, ptrs, scalars, fieldPath(path, k))
  return record(rec)
}

function fieldValue(f: Field, ptrs: PtrArb, scalars: ScalarArb, path: string): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'scalar':
      return scalars(f)
    case 'bytes':
      return fc.uint8Array({ minLength: f.size, maxLength: f.size })
    case 'varBytes':
      return fc.uint8Array({ maxLength: f.max, size: 'small' })
    case 'string':
      return fc.string({ maxLength: f.chars, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
    case 'ptr':
      return ptrs(f, path)
    case 'struct':
      return structValue(f, ptrs, scalars, path)
    case 'array':
      return fc.array(structValue(f.of, ptrs, scalars, `${path}[]`), { minLength: f.count, maxLength: f.count })
  }
}

/** A field's path in a call's input: `a.b` for nested structs, `p*.x` for a field of p's pointee. */
export const fieldPath = (parent: string, k: string): string => (parent ? `${parent}.${k}` : k)

/** A first-level buffer as a valid call has it (shared: plans are never changed). */
export const VALID_BUF: PtrPlan = { kind: 'valid', n: 0 }

/** A valid call of one IOCTL. */
export function validCallOf(d: IoctlDesc): fc.Arbitrary<CallPlan> {
  const ioctl = d.name
  if (!d.in) return fc.constant(null).map((): CallPlan => ({ ioctl, inBuf: VALID_BUF, outBuf: VALID_BUF }))
  return structValue(d.in, validPtr, validScalar).map((input): CallPlan => ({ ioctl, input, inBuf: VALID_BUF, outBuf: VALID_BUF }))
}

/** A valid call of any IOCTL of the set. */
export const validCall = (set: IoctlSet): fc.Arbitrary<CallPlan> => fc.oneof(...set.map(validCallOf))
