// Property: random sequences of VirtualAlloc-style operations and accesses on two user processes, the kernel's
// space and the shared heap agree with a plain reference model, and no access ever reaches a page it should not.
//
// Driven through MemorySystem.copy (kernelMode true/false, any loaded VM or none) and each AddressSpace, not through
// CallerProcess + a driver: the property is about the address-space bookkeeping and the mode/VM/protection rule, and
// it needs every combination of (mode, loaded VM, target space) — a caller process only ever acts in user mode on its
// own VM, and a driver would cost a machine, a scheduler turn and an IOCTL per operation. ctx.mem runs the very same
// MemorySystem.lookup/resolve and frame-io code (see mem-driver.test.ts for it end to end). A generated operation
// list is used rather than fc.commands: operations refer to regions by index into whatever exists at that point,
// which shrinks well and needs no preconditions.
//
// Deliberately left out: kernel-mode accesses to the static window 0x80000000-0xBFFFFFFF (they reach physical frames
// by number, outside any per-space model; memory-system.test.ts covers them). Such an access is made in user mode
// instead, where it must fault like every kernel address.
import fc from 'fast-check'
import { describe, test } from 'vitest'
import { ApiError } from '../../src/errors/api-error.js'
import { AccessViolation } from '../../src/errors/exceptions.js'
import { ERROR_INVALID_ADDRESS, ERROR_INVALID_PARAMETER } from '../../src/errors/win32.js'
import type { AddressSpace } from '../../src/memory/address-space.js'
import { MemorySystem } from '../../src/memory/memory-system.js'
import { PageKind } from '../../src/memory/page-table.js'
import type { Frame } from '../../src/memory/physical.js'
import {
  PAGE_EXECUTE,
  PAGE_EXECUTE_READ,
  PAGE_EXECUTE_READWRITE,
  PAGE_GUARD,
  PAGE_NOACCESS,
  PAGE_NOCACHE,
  PAGE_READONLY,
  PAGE_READWRITE,
} from '../../src/memory/protection.js'

const PAGE = 0x1000
const BLOCK = 0x10000
const ZERO_PAGE = Buffer.alloc(PAGE)

// ---- the reference model ------------------------------------------------------------------------------------------

/** What a protection grants, written out by hand (not via accessOf). */
function grants(prot: number): { read: boolean; write: boolean } {
  if (prot & PAGE_GUARD) return { read: false, write: false }
  switch (prot & 0xff) {
    case PAGE_READONLY:
    case PAGE_EXECUTE_READ:
      return { read: true, write: false }
    case PAGE_READWRITE:
    case PAGE_EXECUTE_READWRITE:
      return { read: true, write: true }
    default:
      return { read: false, write: false } // PAGE_NOACCESS, PAGE_EXECUTE
  }
}

const GOOD_PROTS = [
  PAGE_NOACCESS,
  PAGE_READONLY,
  PAGE_READWRITE,
  PAGE_EXECUTE,
  PAGE_EXECUTE_READ,
  PAGE_EXECUTE_READWRITE,
  PAGE_READWRITE | PAGE_GUARD,
  PAGE_READONLY | PAGE_NOCACHE,
]
const BAD_PROTS = [0, PAGE_READONLY | PAGE_READWRITE, 0x08 /* PAGE_WRITECOPY */, PAGE_GUARD]
const validProt = (p: number) => GOOD_PROTS.includes(p)

interface MPage {
  prot: number
  bytes: Uint8Array
}
interface MRegion {
  base: number
  size: number
}

class MSpace {
  readonly regions: MRegion[] = []
  /** Committed pages by virtual page number. */
  readonly pages = new Map<number, MPage>()
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {}
  regionAt(a: number): MRegion | undefined {
    return this.regions.find((r) => a >= r.base && a < r.base + r.size)
  }
  /** The pages of [addr, addr+size) if the range lies inside one reservation (Win32: else ERROR_INVALID_ADDRESS). */
  span(addr: number, size: number): number[] | null {
    const r = this.regionAt(addr)
    if (!r || addr + size > r.base + r.size) return null
    const out: number[] = []
    for (let v = Math.floor(addr / PAGE); v <= Math.floor((addr + size - 1) / PAGE); v++) out.push(v)
    return out
  }
}

type SpaceName = 'kernel' | 'shared' | 'p1' | 'p2'
const SPACE_NAMES: readonly SpaceName[] = ['kernel', 'shared', 'p1', 'p2']
type VmName = 'p1' | 'p2' | null
/** The user VM loaded for an access: the target's own process most of the time, else either process or none. */
type VmChoice = VmName | 'same'

// ---- operations ---------------------------------------------------------------------------------------------------

interface RangeSpec {
  region: number
  from: number
  len: number
  /** Keep the range inside the region (most of the time), or let it run past the end. */
  clamp: boolean
}
/** A region of any space (by index into all regions), or any 32-bit address. */
type Target = { kind: 'region'; region: number; from: number } | { kind: 'wild'; addr: number }
/** Kernel or user mode; 'natural' = kernel for kernel and shared-heap targets, user for process targets. */
type Mode = 'natural' | 'kernel' | 'user'
type Op =
  | { t: 'alloc'; space: SpaceName; bytes: number; commit: RangeSpec | null; prot: number }
  | ({ t: 'commit'; space: SpaceName; prot: number } & RangeSpec)
  | ({ t: 'decommit'; space: SpaceName } & RangeSpec)
  | { t: 'release'; space: SpaceName; region: number; notBase: boolean }
  | ({ t: 'protect'; space: SpaceName; prot: number } & RangeSpec)
  | { t: 'access'; write: boolean; target: Target; len: number; seed: number; mode: Mode; vm: VmChoice }

const spaceArb = fc.constantFrom(...SPACE_NAMES)
const protArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(PAGE_READWRITE) },
  { weight: 8, arbitrary: fc.constantFrom(...GOOD_PROTS) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_PROTS) },
)
const rangeFields = {
  region: fc.nat({ max: 15 }),
  from: fc.nat({ max: 7 * PAGE }),
  len: fc.integer({ min: 1, max: 4 * PAGE }),
  clamp: fc.constantFrom(true, true, true, false), // mostly inside the region
}
const rangeArb: fc.Arbitrary<RangeSpec> = fc.record(rangeFields)
const wildAddr = fc.oneof(
  fc.constantFrom(
    0, 0xfff0, 0x10000, 0x3ffffff0, 0x40000000, 0x6ffffff0, 0x70000000, 0x7feffff0, 0x7ff00000, 0x7ffffff8,
    0x80000000, 0x80100000, 0x9ffffff0, 0xa0100000, 0xbffffff8, 0xc0000000, 0xd0000000, 0xdffffff0, 0xfffff000, 0xfffffffc,
  ),
  fc.integer({ min: 0, max: 0xffffffff }),
)
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('region' as const), region: fc.nat({ max: 31 }), from: fc.nat({ max: 8 * PAGE }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wild' as const), addr: wildAddr }) },
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('alloc' as const),
      space: spaceArb,
      bytes: fc.integer({ min: 1, max: 6 * PAGE }),
      // Commit all of it (most often), part of it, or nothing.
      commit: fc.oneof(
        { weight: 3, arbitrary: fc.constant<RangeSpec>({ region: 0, from: 0, len: 8 * PAGE, clamp: true }) },
        { weight: 2, arbitrary: rangeArb },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      prot: protArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('commit' as const), space: spaceArb, prot: protArb, ...rangeFields }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('decommit' as const), space: spaceArb, ...rangeFields }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('release' as const), space: spaceArb, region: fc.nat({ max: 15 }), notBase: fc.nat({ max: 5 }).map((n) => n === 0) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('protect' as const), space: spaceArb, prot: protArb, ...rangeFields }) },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('access' as const),
      write: fc.boolean(),
      target: targetArb,
      len: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 * PAGE }) }),
      seed: fc.nat({ max: 255 }),
      mode: fc.constantFrom<Mode>('natural', 'natural', 'kernel', 'user'),
      vm: fc.constantFrom<VmChoice>('same', 'same', 'same', 'p1', 'p2', null),
    }),
  },
)

// ---- running one sequence against the real system and the model ----------------------------------------------------

function bytesFor(len: number, seed: number): Uint8Array {
  const b = new Uint8Array(len)
  for (let i = 0; i < len; i++) b[i] = (seed + i * 7 + (i >>> 12)) & 0xff
  return b
}
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
const h = (n: number) => '0x' + (n >>> 0).toString(16)

class Fail extends Error {}
function check(cond: boolean, msg: () => string): void {
  if (!cond) throw new Fail(msg())
}

/** Outcome of an operation that may fail with a Win32 error. */
function codeOf(fn: () => unknown): number {
  try {
    fn()
    return 0
  } catch (e) {
    if (e instanceof ApiError) return e.code
    throw e
  }
}

class World {
  readonly ms = new MemorySystem()
  readonly real: Record<SpaceName, AddressSpace>
  readonly model: Record<SpaceName, MSpace>

  constructor() {
    const ms = this.ms
    this.real = { kernel: ms.kernel, shared: ms.shared, p1: ms.createUserSpace('p1'), p2: ms.createUserSpace('p2') }
    this.model = {
      kernel: new MSpace(ms.kernel.lo, ms.kernel.hi),
      shared: new MSpace(ms.shared.lo, ms.shared.hi),
      p1: new MSpace(0x10000, 0x40000000),
      p2: new MSpace(0x10000, 0x40000000),
    }
  }

  private pickRegion(s: SpaceName, i: number): MRegion | undefined {
    const rs = this.model[s].regions
    return rs.length ? rs[i % rs.length] : undefined
  }

  private rangeIn(r: MRegion, spec: RangeSpec): [number, number] {
    const from = spec.from % r.size
    const len = spec.clamp ? Math.min(spec.len, r.size - from) : spec.len
    return [r.base + from, len]
  }

  run(op: Op): void {
    switch (op.t) {
      case 'alloc':
        return this.alloc(op)
      case 'commit': {
        const r = this.pickRegion(op.space, op.region)
        if (!r) return
        const [a, n] = this.rangeIn(r, op)
        const got = codeOf(() => this.real[op.space].commit(a, n, op.prot))
        check(got === this.modelCommit(op.space, a, n, op.prot), () => `commit ${op.space} ${h(a)}+${n} prot ${h(op.prot)}: got error ${got}`)
        return
      }
      case 'decommit': {
        const r = this.pickRegion(op.space, op.region)
        if (!r) return
        const [a, n] = this.rangeIn(r, op)
        const got = codeOf(() => this.real[op.space].decommit(a, n))
        const m = this.model[op.space]
        const pages = m.span(a, n)
        const want = pages ? 0 : ERROR_INVALID_ADDRESS
        if (pages) for (const v of pages) m.pages.delete(v)
        check(got === want, () => `decommit ${op.space} ${h(a)}+${n}: got error ${got}, model ${want}`)
        return
      }
      case 'release': {
        const r = this.pickRegion(op.space, op.region)
        if (!r) return
        const a = op.notBase ? r.base + PAGE : r.base
        const got = codeOf(() => this.real[op.space].release(a))
        const m = this.model[op.space]
        const i = m.regions.findIndex((x) => x.base === a)
        if (i >= 0) {
          for (let v = a / PAGE; v < (a + m.regions[i]!.size) / PAGE; v++) m.pages.delete(v)
          m.regions.splice(i, 1)
        }
        const want = i >= 0 ? 0 : ERROR_INVALID_ADDRESS
        check(got === want, () => `release ${op.space} ${h(a)}: got error ${got}, model ${want}`)
        return
      }
      case 'protect': {
        const r = this.pickRegion(op.space, op.region)
        if (!r) return
        const [a, n] = this.rangeIn(r, op)
        let old = -1
        const got = codeOf(() => (old = this.real[op.space].protect(a, n, op.prot)))
        const m = this.model[op.space]
        const pages = m.span(a, n)
        let want = 0
        let wantOld = -1
        if (!validProt(op.prot)) want = ERROR_INVALID_PARAMETER
        else if (!pages || pages.some((v) => !m.pages.has(v))) want = ERROR_INVALID_ADDRESS
        else {
          wantOld = m.pages.get(pages[0]!)!.prot
          for (const v of pages) m.pages.get(v)!.prot = op.prot
        }
        check(got === want, () => `protect ${op.space} ${h(a)}+${n} ${h(op.prot)}: got error ${got}, model ${want}`)
        check(old === wantOld, () => `protect ${op.space} ${h(a)}: old protection ${h(old)}, model ${h(wantOld)}`)
        return
      }
      case 'access':
        return this.access(op)
    }
  }

  private alloc(op: Extract<Op, { t: 'alloc' }>): void {
    const sp = this.real[op.space]
    const m = this.model[op.space]
    const kind = op.space === 'shared' ? PageKind.Shared : PageKind.Private
    const r = sp.reserve(0, op.bytes, kind, 1)
    const size = Math.ceil(op.bytes / PAGE) * PAGE
    check(r.size === size, () => `reserve ${op.bytes} in ${op.space}: size ${h(r.size)}, expected ${h(size)}`)
    check(r.base % BLOCK === 0 && r.base >= m.lo && r.base + size <= m.hi, () => `reserve in ${op.space}: base ${h(r.base)} misplaced`)
    check(!m.regions.some((x) => r.base < x.base + x.size && x.base < r.base + size), () => `reserve in ${op.space}: ${h(r.base)} overlaps`)
    const mr = { base: r.base, size }
    m.regions.push(mr)
    if (op.commit) {
      const [a, n] = this.rangeIn(mr, op.commit)
      const got = codeOf(() => sp.commit(a, n, op.prot))
      check(got === this.modelCommit(op.space, a, n, op.prot), () => `commit after reserve ${op.space} ${h(a)}+${n}: got error ${got}`)
    }
  }

  private modelCommit(s: SpaceName, a: number, n: number, prot: number): number {
    const m = this.model[s]
    if (!validProt(prot)) return ERROR_INVALID_PARAMETER
    const pages = m.span(a, n)
    if (!pages) return ERROR_INVALID_ADDRESS
    for (const v of pages) {
      const p = m.pages.get(v)
      if (p) p.prot = prot
      else m.pages.set(v, { prot, bytes: new Uint8Array(PAGE) })
    }
    return 0
  }

  /** The model page an access reaches, or null where the real system must fault. */
  private reach(a: number, write: boolean, kernel: boolean, vm: VmName): MPage | null {
    let page: MPage | undefined
    const v = Math.floor(a / PAGE)
    if (a < 0x10000) return null
    else if (a < 0x70000000) page = vm ? this.model[vm].pages.get(v) : undefined
    else if (a < 0x7ff00000) {
      page = this.model.shared.pages.get(v)
      if (write && !kernel) return null // the shared heap is read-only to user mode
    } else if (a < 0x80000000) return null // guard
    else if (!kernel) return null // every kernel address faults from user mode
    else page = this.model.kernel.pages.get(v)
    if (!page) return null
    const g = grants(page.prot)
    return (write ? g.write : g.read) ? page : null
  }

  private access(op: Extract<Op, { t: 'access' }>): void {
    let addr = op.target.kind === 'wild' ? op.target.addr : 0x10000
    let space: SpaceName | null = null
    if (op.target.kind === 'region') {
      const all = SPACE_NAMES.flatMap((s) => this.model[s].regions.map((r) => [s, r] as const))
      const picked = all.length ? all[op.target.region % all.length]! : undefined
      if (picked) {
        space = picked[0]
        addr = picked[1].base + (op.target.from % (picked[1].size + PAGE)) // sometimes just past the end
      }
    }
    const len = op.len
    const own: VmName = space === 'p1' || space === 'p2' ? space : 'p1'
    const vm: VmName = op.vm === 'same' ? own : op.vm
    let kernel = op.mode === 'kernel' || (op.mode === 'natural' && (space === 'kernel' || space === 'shared'))
    if (kernel && addr < 0xc0000000 && addr + len > 0x80000000) kernel = false // static window: see the header
    const vmSpace = vm ? this.real[vm] : null
    const buf = op.write ? bytesFor(len, op.seed) : new Uint8Array(len)
    let fault: AccessViolation | null = null
    try {
      this.ms.copy(addr, buf, op.write, kernel, vmSpace)
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
      fault = e
    }
    const what = () => `${op.write ? 'write' : 'read'} ${h(addr)}+${len} ${kernel ? 'kernel' : 'user'} vm=${vm}`

    // The model: page by page; a fault stops the access, pages before it stay written (hardware semantics).
    let wantFault: number | null = null
    const expected = new Uint8Array(len)
    if (addr + len > 2 ** 32) wantFault = addr
    else {
      for (let done = 0; done < len; ) {
        const a = addr + done
        const n = Math.min(PAGE - (a % PAGE), len - done)
        const page = this.reach(a, op.write, kernel, vm)
        if (!page) {
          wantFault = a
          break
        }
        if (op.write) page.bytes.set(buf.subarray(done, done + n), a % PAGE)
        else expected.set(page.bytes.subarray(a % PAGE, (a % PAGE) + n), done)
        done += n
      }
    }
    if (wantFault === null) {
      check(fault === null, () => `${what()}: unexpected ${fault!.message}`)
      if (!op.write) check(same(buf, expected), () => `${what()}: read bytes differ from the model`)
    } else {
      check(fault !== null, () => `${what()}: expected a fault at ${h(wantFault!)}, the access succeeded`)
      check(fault!.address === wantFault && fault!.write === op.write, () => `${what()}: fault at ${h(fault!.address)} (${fault!.message}), model at ${h(wantFault!)}`)
    }
  }

  /** Every space's whole state against the model, and the physical frames against all of them. */
  checkAll(): void {
    const frames = new Set<Frame>()
    let withBytes = 0
    let entries = 0
    for (const s of SPACE_NAMES) {
      const sp = this.real[s]
      const m = this.model[s]
      const realRegions = sp.allRegions().map((r) => `${h(r.base)}+${h(r.size)}`)
      const modelRegions = [...m.regions].sort((x, y) => x.base - y.base).map((r) => `${h(r.base)}+${h(r.size)}`)
      check(realRegions.join() === modelRegions.join(), () => `${s}: regions ${realRegions} vs model ${modelRegions}`)
      for (const r of m.regions) {
        for (let a = r.base; a < r.base + r.size; a += PAGE) {
          const want = m.pages.get(a / PAGE)?.prot ?? 0
          check(sp.protectionAt(a) === want, () => `${s}: protection at ${h(a)} is ${h(sp.protectionAt(a) ?? -1)}, model ${h(want)}`)
        }
      }
      for (const [vpn, e] of sp.table.entries) {
        entries++
        const page = m.pages.get(vpn)
        check(page !== undefined, () => `${s}: page ${h(vpn * PAGE)} has an entry but is not committed in the model`)
        check(e.prot === page!.prot, () => `${s}: entry at ${h(vpn * PAGE)} has protection ${h(e.prot)}, model ${h(page!.prot)}`)
        check(same(e.frame.bytes ?? ZERO_PAGE, page!.bytes), () => `${s}: bytes of page ${h(vpn * PAGE)} differ from the model`)
        check(e.frame.device === null, () => `${s}: a RAM page maps a device frame`)
        frames.add(e.frame)
        if (e.frame.bytes) withBytes++
      }
      for (const [vpn, page] of m.pages) {
        if (!sp.table.get(vpn)) check(same(page.bytes, ZERO_PAGE), () => `${s}: untouched page ${h(vpn * PAGE)} should be zero in the model`)
      }
    }
    check(frames.size === entries, () => `${entries} entries share ${frames.size} frames: two pages alias one frame`)
    check(this.ms.phys.committedFrames === withBytes, () => `committedFrames ${this.ms.phys.committedFrames}, frames with bytes ${withBytes}`)
  }
}

describe('memory model property', () => {
  test('reserve/commit/decommit/release/protect/read/write on two processes, the kernel and the shared heap agree with a reference model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60, size: 'max' }), (ops) => {
        const w = new World()
        for (const op of ops) {
          w.run(op)
          w.checkAll()
        }
      }),
      { seed: Number(process.env.CEDK_SEED ?? 42), numRuns: Number(process.env.CEDK_RUNS ?? 100) },
    )
  })
})
