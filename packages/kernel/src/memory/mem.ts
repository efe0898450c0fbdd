// `ctx.mem`: every memory access a driver makes. Each access is checked against the running thread's mode and the
// user VM currently loaded (so a kernel thread reading a stale caller pointer really reads whatever process is
// loaded), counted against the step budget, and traced with what the address was to the driver (origin).
// Multi-byte values are little-endian; unaligned accesses are allowed (x86 behaviour).
import { AccessViolation, UsageError, machineError } from '../errors/exceptions.js'
import { marshalGate, marshalOrigin, type LedgerHost, type MachineLedgers } from '../marshal/ledger.js'
import type { Scheduler } from '../process/scheduler.js'
import type { Machine } from '../machine.js'
import { checkOwnFrame } from '../privileged/isolation.js'
import type { Process } from '../process/process.js'
import type { ExecFrame, Thread } from '../process/thread.js'
import { Ev, Origin } from '../trace/events.js'
import type { Trace } from '../trace/trace.js'
import { loadByte, loadValue, storeByte, storeValue, transferPages, type PageResolver } from './frame-io.js'
import { getLE, putLE, wideBytes } from './le.js'
import type { AddressSpace } from './address-space.js'
import { PAGE_MASK, PAGE_SIZE, VM_KMODE_BASE, VM_SHARED_HEAP_BASE, hex } from './layout.js'
import { LookupCache } from './lookup-cache.js'
import { ACCESS_READ, ACCESS_WRITE } from './protection.js'
import type { MemorySystem } from './memory-system.js'
import { PageKind, type PageEntry } from './page-table.js'
import type { Ptr } from './pointers.js'

/** The largest single access (1 GiB): anything bigger is a bug in the driver's length arithmetic. */
const MAX_ACCESS = 0x40000000

/** What a module's own ctx.mem knows of its module and machine. */
export interface ModuleView {
  readonly owner: number
  /** The module runs in the kernel (nk.exe). */
  readonly kernelMode: boolean
  readonly driver: string
  /** The machine's Mem, which holds the marshal ledgers. */
  readonly ledgers: LedgerHost
  readonly machine: Machine
}

export class Mem implements PageResolver, LedgerHost {
  /** @internal The machine's marshal ledgers (marshal/ledger.ts). */
  marshalLedgers: MachineLedgers | null = null

  // JS private fields: a driver's `(ctx.mem as any).ms` must not reach the memory system (issue 14 hole 7).
  readonly #sched: Scheduler
  readonly #ms: MemorySystem
  readonly #trace: Trace
  /** Process id reported for kernel and shared-heap addresses. */
  readonly #kernelPid: number
  /** Access violations carry a JavaScript stack (MachineOptions.jsStacks). */
  readonly #jsStacks: boolean
  /** A driver module's ctx.mem: its accesses must come from its own frames; null for the machine's. */
  readonly #module: ModuleView | null
  /** The owner tag of that module (0: the machine's, unchecked). */
  readonly #owner: number
  /** A user-mode module's view: its accesses are user mode even inside one of its own kernel calls. */
  readonly #userModule: boolean
  /** The last page a read and the last page a write looked up (miss()). */
  readonly #reads = new LookupCache(false)
  readonly #writes = new LookupCache(true)

  constructor(sched: Scheduler, ms: MemorySystem, trace: Trace, kernelPid: number, jsStacks = true, module: ModuleView | null = null) {
    this.#sched = sched
    this.#ms = ms
    this.#trace = trace
    this.#kernelPid = kernelPid
    this.#jsStacks = jsStacks
    this.#module = module
    this.#owner = module?.owner ?? 0
    this.#userModule = this.#owner !== 0 && !module!.kernelMode
  }

  readU8(p: Ptr): number {
    const a = p >>> 0
    return loadByte(this.check(a, 1, false), a)
  }

  readU16(p: Ptr): number {
    const a = p >>> 0
    if ((a & PAGE_MASK) > PAGE_SIZE - 2) return this.readSplit(a, 2)
    return loadValue(this.check(a, 2, false), a, 2)
  }

  readU32(p: Ptr): number {
    const a = p >>> 0
    if ((a & PAGE_MASK) > PAGE_SIZE - 4) return this.readSplit(a, 4)
    return loadValue(this.check(a, 4, false), a, 4)
  }

  readI32(p: Ptr): number {
    return this.readU32(p) | 0
  }

  /** A copy of `n` bytes at `p`. */
  read(p: Ptr, n: number): Uint8Array {
    const out = new Uint8Array(checkLength(n, 'read'))
    this.transfer(p >>> 0, out, false)
    return out
  }

  /** Read `dst.length` bytes at `p` into `dst` (no allocation). */
  readInto(p: Ptr, dst: Uint8Array): void {
    this.transfer(p >>> 0, dst, false)
  }

  writeU8(p: Ptr, v: number): void {
    const a = p >>> 0
    storeByte(this.#ms.phys, this.check(a, 1, true), a, v)
  }

  writeU16(p: Ptr, v: number): void {
    const a = p >>> 0
    if ((a & PAGE_MASK) > PAGE_SIZE - 2) return this.splitStore(a, le(v, 2))
    storeValue(this.#ms.phys, this.check(a, 2, true), a, 2, v)
  }

  writeU32(p: Ptr, v: number): void {
    const a = p >>> 0
    if ((a & PAGE_MASK) > PAGE_SIZE - 4) return this.splitStore(a, le(v, 4))
    storeValue(this.#ms.phys, this.check(a, 4, true), a, 4, v)
  }

  writeI32(p: Ptr, v: number): void {
    this.writeU32(p, v >>> 0)
  }

  write(p: Ptr, bytes: Uint8Array | readonly number[]): void {
    const src = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes)
    this.transfer(p >>> 0, src, true)
  }

  fill(p: Ptr, n: number, value = 0): void {
    this.transfer(p >>> 0, new Uint8Array(checkLength(n, 'fill')).fill(value), true)
  }

  /** memcpy: a read of `src` then a write of `dst` (two traced accesses). */
  copy(dst: Ptr, src: Ptr, n: number): void {
    this.write(dst, this.read(src, n))
  }

  /** A NUL-terminated UTF-16LE string of at most `maxChars` characters (reads 2 bytes at a time until the NUL). */
  readWString(p: Ptr, maxChars = 260): string {
    let s = ''
    for (let i = 0; i < maxChars; i++) {
      const c = this.readU16(((p >>> 0) + 2 * i) as Ptr)
      if (c === 0) return s
      s += String.fromCharCode(c)
    }
    return s
  }

  /** Write `s` as UTF-16LE with a terminating NUL. */
  writeWString(p: Ptr, s: string): void {
    this.write(p, wideBytes(s, true))
  }

  // ---- checks -------------------------------------------------------------------------------------------

  /** Resolve and check the page of one access that does not cross a page; trace it. */
  private check(addr: number, n: number, write: boolean): PageEntry {
    const s = this.#sched
    const t = s.current
    if (t === null) throw outsideThread()
    s.tick()
    const f = t.frame
    if (f.owner !== this.#owner && this.#owner !== 0) this.checkFrame(t, addr)
    const vm = s.vm
    const e = this.page(f, addr, write, vm)
    const tr = this.#trace
    // The process id is pidOf(addr), spelled out with the VM at hand (check() is the hot path, docs/c-drivers.md).
    if (tr.enabled) tr.record(write ? Ev.MemWrite : Ev.MemRead, t.id, addr, n, this.origin(f, addr, n, e), addr >= VM_SHARED_HEAP_BASE || vm === null ? this.#kernelPid : vm.id)
    return e
  }

  /** A module's ctx.mem used from a frame that is not the module's (apart from check(), which V8 inlines). */
  private checkFrame(t: Thread, addr: number): void {
    checkOwnFrame(this.#module!.machine, t, this.#owner, this.#module!.driver, 'ctx.mem', addr)
  }

  /** The entry of the page `addr` is on, checked for the access, with `vm` the loaded user VM. */
  private page(f: ExecFrame, addr: number, write: boolean, vm: Process | null): PageEntry {
    // A module's view accesses in the module's mode, not the innermost frame's: code of a user-mode driver that runs
    // inside one of its own kernel calls (a detached chain) must not borrow the kernel frame's privilege.
    const km = f.kernelMode && !this.#userModule
    const space = vm ? vm.space : null
    return (write ? this.#writes : this.#reads).get(addr, km, space) ?? this.miss(f, addr, write, km, space)
  }

  /**
   * page() of a page the last read (or write) did not reach: MemorySystem.lookup, remembered for the next access when
   * it allows it, as a driver's accesses come in runs on one page (a C driver's byte-by-byte copy reads 16 bytes of
   * one page and writes 16 of another, or alternates between them); entries of the static kernel window are made per
   * lookup and are not kept. A fault is traced and thrown, with the memory system's exact reason.
   */
  private miss(f: ExecFrame, addr: number, write: boolean, km: boolean, space: AddressSpace | null): PageEntry {
    const e = this.#ms.lookup(addr, km, space)
    if (typeof e !== 'string' && (km ? e.kAccess : e.uAccess) & (write ? ACCESS_WRITE : ACCESS_READ)) {
      if (e.kind !== PageKind.Static) (write ? this.#writes : this.#reads).keep(addr, km, space, e)
      return e
    }
    const why = this.#ms.access(addr, write, km, space)
    if (typeof why !== 'string') throw new Error('unreachable: lookup and access disagree')
    const err = new AccessViolation(addr, write, why, this.#jsStacks)
    this.traceFault(f, err)
    throw err
  }

  /** An access of any length: the first page is traced with the whole length, the later pages only checked. */
  private transfer(addr: number, buf: Uint8Array, write: boolean): void {
    const n = buf.length
    if (n === 0) {
      if (this.#sched.current === null) throw outsideThread()
      return
    }
    if (n > MAX_ACCESS) throw new RangeError(`memory access of ${n} bytes at ${hex(addr)}: larger than ${MAX_ACCESS} bytes`)
    if (addr + n > 0x100000000) {
      const e = new AccessViolation(addr, write, `the range ${hex(addr)}+${n} wraps past 4 GiB`, this.#jsStacks)
      if (this.#sched.current) this.traceFault(this.#sched.current.frame, e)
      throw e
    }
    transferPages(this.#ms.phys, addr, buf, write, this.check(addr, n, write), this)
  }

  /** PageResolver: the later pages of a multi-page access, checked like the first but not traced again. */
  resolvePage(addr: number, write: boolean): PageEntry {
    return this.page(this.#sched.current!.frame, addr, write, this.#sched.vm)
  }

  /** A 2- or 4-byte store across a page boundary: both pages are checked before either is written (a CPU store is
   *  all or nothing). */
  private splitStore(addr: number, bytes: Uint8Array): void {
    const t = this.#sched.current
    if (t === null) throw outsideThread()
    this.page(t.frame, addr, true, this.#sched.vm)
    this.page(t.frame, ((addr + bytes.length - 1) & ~PAGE_MASK) >>> 0, true, this.#sched.vm)
    this.transfer(addr, bytes, true)
  }

  private readSplit(addr: number, n: 2 | 4): number {
    const b = new Uint8Array(n)
    this.transfer(addr, b, false)
    return getLE(b, 0, n)
  }

  /** What the address was to the driver running frame `f`. */
  private origin(f: ExecFrame, addr: number, n: number, e: PageEntry): Origin {
    const r = f.params
    for (let i = 0; i < r.length; i += 2) if (addr >= r[i]! && addr + n <= r[i + 1]!) return Origin.Param
    return this.originBeyondParams(f, addr, n, e)
  }

  /** origin() of an address outside the entry point's parameters (apart, to keep origin() small to inline). */
  private originBeyondParams(f: ExecFrame, addr: number, n: number, e: PageEntry): Origin {
    // A buffer the marshalling helpers handed out (asked only while any is live: the IOCTL hot path has none).
    if (marshalGate.live !== 0 && f.owner !== 0) {
      const o = marshalOrigin(this.#module?.ledgers ?? this, f.owner, addr, n, this.pidOf(addr))
      if (o !== Origin.None) return o
    }
    if (e.kind === PageKind.Physical) return Origin.Device
    if (f.owner !== 0 && e.owner === f.owner) return Origin.Own
    if (addr >= VM_KMODE_BASE || addr >= VM_SHARED_HEAP_BASE) return Origin.Kernel
    return Origin.Caller
  }

  private pidOf(addr: number): number {
    if (addr >= VM_SHARED_HEAP_BASE) return this.#kernelPid
    return this.#sched.vm?.id ?? this.#kernelPid
  }

  private traceFault(f: ExecFrame, e: AccessViolation): void {
    if (this.#trace.enabled) this.#trace.emit(Ev.Fault, e.address, e.write ? 1 : 0, f.kernelMode ? 1 : 0, this.pidOf(e.address), e.reason)
  }
}

function le(v: number, n: 2 | 4): Uint8Array {
  const b = new Uint8Array(n)
  putLE(b, 0, n, v)
  return b
}

function checkLength(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_ACCESS) throw new RangeError(`ctx.mem.${what}: length must be an integer from 0 to ${MAX_ACCESS}, got ${n}`)
  return n
}

function outsideThread(): UsageError {
  return machineError(new UsageError(
    'ctx.mem was used outside a simulated thread: driver code ran after awaiting something that is not a kernel object, or from a callback the machine did not schedule',
  ))
}
