// Hostile calls from a description, one fast-check arbitrary per class, each shrinking toward its simplest case
// (the first IOCTL, the first pointer, the smallest offset). A class applies to the pointers it makes sense for:
// read-only pages and overlaps to what the driver writes, the rest to every pointer.
import fc from 'fast-check'
import { scalarBounds, type ScalarField } from '../describe/fields.js'
import type { IoctlDesc, IoctlSet } from '../describe/ioctl.js'
import type { PtrField } from '../describe/pointers.js'
import type { StructDesc } from '../describe/struct.js'
import type { CallPlan, PtrPlan } from './plan.js'
import { fieldPath, pointee, structValue, VALID_BUF, validPtr, validScalar, type PtrArb } from './valid.js'

/** The hostile pointer classes. `race`, `exit` and interleavings are in races.ts and interleavings.ts. */
export const POINTER_CLASSES = ['null', 'kernel', 'unmapped', 'guard', 'readonly', 'overrun', 'short', 'wrap', 'zero', 'overlap', 'same'] as const
export type PointerClass = (typeof POINTER_CLASSES)[number]
/** Every hostile class: the pointer ones, out-of-constraint values, the race, the exit while held. */
export const HOSTILE_CLASSES = [...POINTER_CLASSES, 'values', 'race', 'exit'] as const
export type HostileClass = (typeof HOSTILE_CLASSES)[number]

/** Which buffer of a call a class hits: lpInBuf, lpOutBuf, or an embedded pointer (by its path). */
type Where = { at: 'in' } | { at: 'out' } | { at: 'embedded'; path: string }

const WRITES: ReadonlySet<string> = new Set(['out', 'inout'])
/** Classes that only make sense where the driver writes. */
const OUT_ONLY: ReadonlySet<PointerClass> = new Set(['readonly', 'overlap', 'same'])
/** Classes that only make sense for a first-level buffer (an embedded length is its own field). */
const FIRST_LEVEL_ONLY: ReadonlySet<PointerClass> = new Set(['short'])

/** `n` for each class: the part of the hostile pointer that shrinks (toward 0 or 1). */
function tune(kind: PointerClass): fc.Arbitrary<number> {
  switch (kind) {
    case 'kernel':
    case 'unmapped':
      return fc.integer({ min: 0, max: 0x3ff })
    case 'overrun':
    case 'short':
    case 'wrap':
      return fc.integer({ min: 1, max: 0x1000 })
    case 'overlap':
      return fc.integer({ min: 1, max: 64 })
    default:
      return fc.constant(0)
  }
}

export function hostilePtrPlan(kind: PointerClass, f?: PtrField, path = ''): fc.Arbitrary<PtrPlan> {
  if (!f) return tune(kind).map((n): PtrPlan => ({ kind, n }))
  return fc.tuple(tune(kind), pointee(f.target, validPtr, validScalar, path)).map(([n, value]): PtrPlan => ({ kind, n, value }))
}

/** Every embedded pointer of a struct, by path (nested pointers included, one level of pointee deep each). */
export function embeddedPointers(s: StructDesc, path = ''): { path: string; field: PtrField }[] {
  const out: { path: string; field: PtrField }[] = []
  for (const [k, f] of Object.entries(s.fields)) {
    const p = fieldPath(path, k)
    if (f.kind === 'ptr') {
      out.push({ path: p, field: f })
      if (f.target.kind === 'struct') out.push(...embeddedPointers(f.target, `${p}*`))
    } else if (f.kind === 'struct') out.push(...embeddedPointers(f, p))
  }
  return out
}

function targets(d: IoctlDesc, kind: PointerClass): Where[] {
  const out: Where[] = []
  if (d.in && !OUT_ONLY.has(kind)) out.push({ at: 'in' })
  if (d.out && (!(kind === 'overlap' || kind === 'same') || d.in)) out.push({ at: 'out' })
  if (d.in && !FIRST_LEVEL_ONLY.has(kind)) {
    for (const e of embeddedPointers(d.in)) if (!OUT_ONLY.has(kind) || WRITES.has(e.field.dir)) out.push({ at: 'embedded', path: e.path })
  }
  return out
}

/** Whether the class can hit some buffer of some IOCTL of the set. */
export const applies = (set: IoctlSet, kind: PointerClass): boolean => set.some((d) => targets(d, kind).length > 0)

/** A call whose one pointer (first-level or embedded) is made as `kind`; everything else is valid. */
export function hostileCallOf(d: IoctlDesc, kind: PointerClass): fc.Arbitrary<CallPlan> | null {
  const arbs = hostileAtEach(d, kind)
  return arbs.length ? fc.oneof(...arbs) : null
}

/** One arbitrary per buffer of `d` the class applies to. */
const hostileAtEach = (d: IoctlDesc, kind: PointerClass): fc.Arbitrary<CallPlan>[] => targets(d, kind).map((w) => hostileAt(d, kind, w))

/**
 * The call with the hostile pointer at `w`. Built from as few arbitraries as the plan needs (a tuple and one map, no
 * record around a record): each arbitrary costs a generated value, a context and a megamorphic call per generated
 * call, and generation was a quarter of a property case's time. Shrinks as before: the input's fields, then `n`.
 */
function hostileAt(d: IoctlDesc, kind: PointerClass, w: Where): fc.Arbitrary<CallPlan> {
  const ioctl = d.name
  if (w.at === 'embedded') {
    const ptrs: PtrArb = (f, path) => (path === w.path ? hostilePtrPlan(kind, f, path) : validPtr(f, path))
    return structValue(d.in!, ptrs, validScalar, '').map((input): CallPlan => ({ ioctl, input, inBuf: VALID_BUF, outBuf: VALID_BUF }))
  }
  const at = w.at
  const plan = (input: CallPlan['input'], n: number): CallPlan => {
    const b: PtrPlan = { kind, n }
    return input ? { ioctl, input, inBuf: at === 'in' ? b : VALID_BUF, outBuf: at === 'out' ? b : VALID_BUF } : { ioctl, inBuf: VALID_BUF, outBuf: b }
  }
  if (!d.in) return tune(kind).map((n) => plan(undefined, n))
  return fc.tuple(structValue(d.in, validPtr, validScalar, ''), tune(kind)).map(([input, n]) => plan(input, n))
}

/**
 * A hostile call of class `kind` to any IOCTL of the set it applies to: each IOCTL as likely, then each of its
 * buffers. One oneof over every (IOCTL, buffer) pair, weighted so, rather than a oneof per IOCTL inside a oneof over
 * the IOCTLs (one level less to generate through; oneof shrinks inside the branch it took either way).
 */
export function hostileCall(set: IoctlSet, kind: PointerClass): fc.Arbitrary<CallPlan> {
  const per = set.map((d) => hostileAtEach(d, kind)).filter((arbs) => arbs.length > 0)
  if (per.length === 0) throw new Error(`hostile class ${kind} applies to none of the IOCTLs`)
  const l = per.reduce((acc, arbs) => lcm(acc, arbs.length), 1)
  return fc.oneof(...per.flatMap((arbs) => arbs.map((arbitrary) => ({ arbitrary, weight: l / arbs.length }))))
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b

/** Values outside the constraints: the boundaries first (they shrink there), then anything the type holds. */
export function hostileScalar(f: ScalarField): fc.Arbitrary<number> {
  const { min, max } = scalarBounds(f.type)
  // 1 + 0xFFFFFFFF and 0x80000000 + 0x80000000 are the sums that wrap to a small number.
  const edges = [...new Set([min, 0, 1, 0x10000, 0x7fffffff, Math.floor(max / 2) + 1, 0x80000000, max - 63, max - 1, max])].filter((x) => x >= min && x <= max)
  return fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 3 }, { arbitrary: fc.integer({ min, max }), weight: 1 })
}

/** A call with valid pointers whose scalar fields may break their constraints (lengths near 2^32 included). */
export function hostileValues(set: IoctlSet): fc.Arbitrary<CallPlan> {
  const withInput = set.filter((d) => d.in)
  if (withInput.length === 0) throw new Error('hostile class values: no IOCTL takes an input')
  return fc.oneof(...withInput.map((d) => structValue(d.in!, validPtr, hostileScalar).map((input): CallPlan => ({ ioctl: d.name, input, inBuf: VALID_BUF, outBuf: VALID_BUF }))))
}
