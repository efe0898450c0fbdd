// Placing a planned call in a caller process: its input struct encoded with every embedded pointer made as
// planned (pointees first), its output buffer, and the addresses and lengths that go to DeviceIoControl. Every
// real buffer ends where its committed page ends, so one byte past it is the uncommitted page after it (a guard
// page, as PageHeap does): a driver that runs past a length faults at once.
import { PAGE_READONLY, type CallerProcess } from '@cedk/kernel'
import type { PtrPlan, PlanValue, CallPlan, PointerKind } from '../arbitraries/plan.js'
import { encode } from '../describe/codec.js'
import type { IoctlDesc } from '../describe/ioctl.js'
import { pointeeSize, type PtrField } from '../describe/pointers.js'
import { fieldsOf, type StructDesc } from '../describe/struct.js'

const PAGE = 4096
const KERNEL_BASE = 0x80000000
/** User space the caller never reserves (its allocations start low). */
const UNMAPPED_BASE = 0x60000000

/** One pointer as placed, for the readable report. */
export interface PlacedPtr {
  path: string
  kind: PointerKind
  address: number
  length: number
  /** The driver may write through it (its direction is out or inout). */
  write: boolean
}

export interface PlacedCall {
  pIn: number
  nIn: number
  pOut: number
  nOut: number
  /** The encoded input (what pIn holds when it is a real buffer). */
  input: Uint8Array
  /** Every embedded pointer of the input, as placed. */
  pointers: PlacedPtr[]
  /** The size of a valid output buffer, and whether pOut is a real buffer the test may read back. */
  outSize: number
  outReadable: boolean
}

/** What a real buffer holds: its bytes, or a number of zero bytes (fresh committed pages are zero: nothing to write). */
type Contents = Uint8Array | number

const sizeOf = (c: Contents): number => (typeof c === 'number' ? c : c.length)

/** Committed read/write memory holding `data` (its first `size` bytes), ending where its last page ends. */
export function placeAtPageEnd(proc: CallerProcess, data: Contents, size = sizeOf(data)): number {
  const pages = Math.max(1, Math.ceil(size / PAGE))
  const base = proc.alloc(pages * PAGE)
  const p = base + pages * PAGE - size
  if (typeof data !== 'number' && data.length && size) proc.write(p, data.subarray(0, size))
  return p
}

/** A pointer nobody may follow, or a real buffer, as `plan` says; `bytes` is what a real buffer holds. */
function address(proc: CallerProcess, plan: PtrPlan, bytes: Contents, self: number): number {
  switch (plan.kind) {
    case 'null':
      return 0
    case 'kernel':
      return KERNEL_BASE + plan.n * PAGE
    case 'unmapped':
      return UNMAPPED_BASE + plan.n * 0x10000
    case 'guard':
      return proc.alloc(PAGE) + PAGE
    case 'same':
      return self
    case 'overlap':
      return self + plan.n
    case 'short':
      return placeAtPageEnd(proc, bytes, Math.max(0, sizeOf(bytes) - plan.n))
    case 'readonly': {
      const p = placeAtPageEnd(proc, bytes)
      proc.VirtualProtect(p, Math.max(1, sizeOf(bytes)), PAGE_READONLY)
      return p
    }
    default:
      return placeAtPageEnd(proc, bytes)
  }
}

/** The length a caller states for a buffer of `size` bytes at `p`, as `plan` says. */
function length(plan: PtrPlan, size: number, p: number): number {
  switch (plan.kind) {
    case 'overrun':
      return size + plan.n
    case 'short':
      return Math.max(0, size - plan.n)
    case 'wrap':
      return (0x100000000 - p + plan.n) >>> 0
    case 'zero':
      return 0
    default:
      return size
  }
}

/** Structs with a pointer somewhere inside (directly or in a nested struct): the ones resolve() has work for. */
const withPointers = new WeakMap<StructDesc, boolean>()

function hasPointers(s: StructDesc): boolean {
  let has = withPointers.get(s)
  if (has === undefined) withPointers.set(s, (has = fieldsOf(s).some(({ field: f }) => f.kind === 'ptr' || (f.kind === 'struct' && hasPointers(f)))))
  return has
}

/** Resolve a struct's plan into its value: pointers placed (depth first) and their length fields set. */
function resolve(proc: CallerProcess, s: StructDesc, plan: PlanValue, self: number, out: PlacedPtr[], path: string): Record<string, unknown> {
  if (!hasPointers(s)) return plan // nothing to place: the plan is the value (plans are never changed)
  const v: Record<string, unknown> = { ...plan }
  for (const { name: k, field: f } of fieldsOf(s)) {
    if (f.kind !== 'ptr' && f.kind !== 'struct') continue
    const p = path ? `${path}.${k}` : k
    if (f.kind === 'struct') v[k] = resolve(proc, f, plan[k] as PlanValue, self, out, p)
    if (f.kind !== 'ptr') continue
    const pp = plan[k] as PtrPlan
    const { bytes, units } = pointeeBytes(proc, f, pp, out, p)
    const at = address(proc, pp, bytes, self)
    v[k] = at
    const n = lengthField(f, pp, units, bytes.length, at)
    if (f.len) v[f.len] = f.count ? n : length(pp, bytes.length, at)
    if (f.count) v[f.count] = n
    out.push({ path: p, kind: pp.kind, address: at, length: f.len ? Number(v[f.len]) : pointeeSize(f, n), write: f.dir !== 'in' })
  }
  return v
}

/** The length or count a pointer's field holds: the pointee's, or the hostile one. */
function lengthField(f: PtrField, pp: PtrPlan, units: number, size: number, at: number): number {
  if (!f.count) return length(pp, size, at)
  const elem = f.target.kind === 'array-of' ? f.target.of.size : 1
  if (pp.kind === 'wrap') return (Math.floor(0x100000000 / elem) + pp.n) >>> 0 // count * size wraps past 2^32
  if (pp.kind === 'overrun') return units + pp.n
  return pp.kind === 'zero' ? 0 : units
}

function pointeeBytes(proc: CallerProcess, f: PtrField, pp: PtrPlan, out: PlacedPtr[], path: string): { bytes: Uint8Array; units: number } {
  const t = f.target
  const v = pp.value
  if (v === undefined) return { bytes: new Uint8Array(t.kind === 'struct' ? t.size : 0), units: 0 }
  if (t.kind === 'buffer') return { bytes: v as Uint8Array, units: (v as Uint8Array).length }
  if (t.kind === 'struct') return { bytes: encodeResolved(proc, t, v as PlanValue, out, `${path}*`), units: 1 }
  const items = (v as PlanValue[]).map((e, i) => encodeResolved(proc, t.of, e, out, `${path}[${i}]`))
  const bytes = new Uint8Array(items.reduce((a, b) => a + b.length, 0))
  items.reduce((at, b) => (bytes.set(b, at), at + b.length), 0)
  return { bytes, units: items.length }
}

/** Nested pointees cannot point back at the top-level buffer ("same" means the in buffer itself). */
function encodeResolved(proc: CallerProcess, s: StructDesc, plan: PlanValue, out: PlacedPtr[], path: string): Uint8Array {
  return encode(s, resolve(proc, s, plan, 0, out, path) as never)
}

/** The size of the input struct as planned (fixed part plus trailing array). */
function inputSize(s: StructDesc, plan: PlanValue): number {
  return s.size + (s.tail ? (plan[s.tail] as Uint8Array).length : 0)
}

/** Out-buffer kinds that are real caller memory the test may read back after the call. */
const READABLE_OUT: ReadonlySet<PointerKind> = new Set(['valid', 'overrun', 'zero', 'short', 'wrap', 'readonly'])
/** In-buffer kinds placed as a real buffer holding the encoded input. */
const REAL_IN: ReadonlySet<PointerKind> = new Set(['valid', 'readonly', 'overrun', 'wrap', 'zero'])

/** Place `call` of `d` in `proc`. */
export function placeCall(proc: CallerProcess, d: IoctlDesc, call: CallPlan): PlacedCall {
  const pointers: PlacedPtr[] = []
  let input: Uint8Array = new Uint8Array(0)
  let pIn = 0
  let nIn = 0
  if (d.in && call.input) {
    const size = inputSize(d.in, call.input)
    const real = REAL_IN.has(call.inBuf.kind)
    // The in buffer's address is needed before its bytes (an embedded pointer may be "the same pointer").
    const home = real ? placeAtPageEnd(proc, size) : 0
    input = encode(d.in, resolve(proc, d.in, call.input, home, pointers, '') as never)
    pIn = real ? home : address(proc, call.inBuf, input, 0)
    if (real) {
      proc.write(pIn, input)
      if (call.inBuf.kind === 'readonly') proc.VirtualProtect(pIn, size, PAGE_READONLY)
    }
    nIn = length(call.inBuf, size, pIn)
  }
  const outSize = d.out?.size ?? 0
  let pOut = 0
  let nOut = 0
  if (d.out) {
    pOut = address(proc, call.outBuf, outSize, pIn)
    nOut = length(call.outBuf, outSize, pOut)
  }
  const outReadable = !!d.out && READABLE_OUT.has(call.outBuf.kind)
  return { pIn, nIn, pOut, nOut, input, pointers, outSize, outReadable }
}
