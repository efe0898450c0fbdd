// The ledger of marshalled buffers, one per driver module: every buffer the marshalling helpers handed out, with
// where it came from and what became of it. The verifier reads it (caller buffer not closed, async buffer not freed
// or not flushed, use after close); ctx.mem asks it what an accessed address is (Origin.Marshalled/Duplicate/Async).
import type { ModuleInstance } from '../devmgr/module.js'
import type { Process } from '../process/process.js'
import { Origin } from '../trace/events.js'

/** Which helper made the buffer. */
export type MarshalApiName = 'CeOpenCallerBuffer' | 'CeAllocAsynchronousBuffer' | 'CeAllocDuplicateBuffer'

/**
 * How the buffer reaches the source: `direct` (the caller's pointer itself, kernel mode), `duplicate` (a heap
 * copy), `alias` (the caller's pages mapped again in kernel space), `cico` (a heap copy written back through the
 * source process later), `same` (an async buffer that is its source pointer: user mode, or a source already in
 * kernel memory).
 */
export type MarshalKind = 'direct' | 'duplicate' | 'alias' | 'cico' | 'same'

export type MarshalState = 'open' | 'closed' | 'freed' | 'leaked'

export interface MarshalBuffer {
  /** Unique in the machine; the `a` of its Ev.Marshal events. */
  readonly id: number
  readonly api: MarshalApiName
  readonly kind: MarshalKind
  /** The pointer the helper was given. */
  readonly src: number
  /** The pointer the helper returned. */
  readonly dest: number
  readonly size: number
  /** The descriptor as given (MARSHAL_FORCE_ALIAS included). */
  readonly desc: number
  /** The process whose memory `src` is in (copy-in came from it; write-back goes to it). */
  readonly source: Process
  /** The process whose address space `dest` is in (nk.exe for kernel addresses). */
  readonly destPid: number
  /** The thread that opened it and the frame it ran ("serial.dll!COM_IOControl"). */
  readonly tid: number
  readonly site: string
  /** The open context whose call made it (ExecFrame.openContext; 0 = none). */
  readonly openContext: number
  /** For a `same` async buffer over a CeOpenCallerBuffer duplicate: that buffer's id; else 0. */
  readonly parent: number
  state: MarshalState
  /** CeFlushAsynchronousBuffer calls that succeeded. */
  flushes: number
  /** Heap block to free (duplicate, cico), or 0. */
  readonly block: number
}

/** Retired buffers kept for the verifier (use after close); older ones are forgotten. */
const HISTORY = 256

/** Live buffers in every machine: ctx.mem consults ledgers only while this is non-zero (the IOCTL hot path). */
export const marshalGate = { live: 0 }

const ORIGIN: Record<MarshalApiName, Origin> = {
  CeOpenCallerBuffer: Origin.Marshalled,
  CeAllocDuplicateBuffer: Origin.Duplicate,
  CeAllocAsynchronousBuffer: Origin.Async,
}

export class MarshalLedger {
  /**
   * Live buffers, oldest first. An array, not a Map: a driver holds a handful at most, and every
   * CeOpenCallerBuffer/CeCloseCallerBuffer pair adds and removes one (Map insert/delete churn cost more than a scan).
   */
  private readonly open: MarshalBuffer[] = []
  /** A ring of the last HISTORY retired buffers; `retiredNext` is where the next one goes. */
  private readonly retiredRing: MarshalBuffer[] = []
  private retiredNext = 0
  private readonly machine: MachineLedgers

  constructor(readonly mod: ModuleInstance) {
    this.machine = machineOf(mod)
  }

  /** A new buffer id, unique in the module's machine. */
  nextId(): number {
    return this.machine.nextId++
  }

  add(b: MarshalBuffer): void {
    this.open.push(b)
    marshalGate.live++
  }

  retire(b: MarshalBuffer, state: Exclude<MarshalState, 'open'>): void {
    const open = this.open
    const i = open.lastIndexOf(b)
    if (i < 0) return
    // Shift down by hand (splice allocates the removed items' array); order is kept: live() is oldest first.
    for (let j = i + 1; j < open.length; j++) open[j - 1] = open[j]!
    open.pop()
    b.state = state
    marshalGate.live--
    // A ring, not push+shift: retiring is on the path of every CeCloseCallerBuffer.
    this.retiredRing[this.retiredNext] = b
    this.retiredNext = (this.retiredNext + 1) % HISTORY
  }

  /** Buffers not yet closed or freed, oldest first. */
  live(): MarshalBuffer[] {
    return this.open.slice()
  }

  /** The most recent closed, freed or leaked buffers (up to 256), oldest first. */
  history(): readonly MarshalBuffer[] {
    const r = this.retiredRing
    return r.length < HISTORY ? r.slice() : [...r.slice(this.retiredNext), ...r.slice(0, this.retiredNext)]
  }

  /** The newest live buffer `api` returned as `dest` (and was given `src`, when it is known). */
  find(api: MarshalApiName, dest: number, src?: number): MarshalBuffer | undefined {
    const open = this.open
    for (let i = open.length - 1; i >= 0; i--) {
      const b = open[i]!
      if (b.api === api && b.dest === dest && (src === undefined || b.src === src)) return b
    }
    return undefined
  }

  /** The newest live or retired buffer whose returned range contains `addr` (for reports: "freed at …"). */
  at(addr: number): MarshalBuffer | undefined {
    const open = this.open
    for (let i = open.length - 1; i >= 0; i--) {
      const b = open[i]!
      if (addr >= b.dest && addr < b.dest + b.size) return b
    }
    const h = this.history()
    for (let i = h.length - 1; i >= 0; i--) {
      const b = h[i]!
      if (addr >= b.dest && addr < b.dest + b.size) return b
    }
    return undefined
  }

  /** What an access of [addr, addr+n) in process `pid`'s view is, if a live buffer holds it (newest wins). */
  originOf(addr: number, n: number, pid: number): Origin {
    const open = this.open
    for (let i = open.length - 1; i >= 0; i--) {
      const b = open[i]!
      if (addr >= b.dest && addr + n <= b.dest + b.size && b.destPid === pid) return ORIGIN[b.api]
    }
    return Origin.None
  }

  get size(): number {
    return this.open.length
  }
}

export interface MachineLedgers {
  nextId: number
  /** By module owner tag: how ctx.mem finds the running module's ledger. */
  readonly byTag: Map<number, MarshalLedger>
  /**
   * The ledger marshalOrigin found last and its owner: every access a driver makes to a buffer it opened asks, and
   * it is nearly always the same module asking (saves a Map lookup per access).
   */
  lastOwner: number
  lastLedger: MarshalLedger | undefined
}

/**
 * What holds a machine's ledgers: its Mem, which ctx.mem's origin() has at hand. The ledgers live on the machine's
 * own objects (the Mem, the module), not in module-level WeakMaps: V8's scavenger keeps the values of a WeakMap in
 * old space alive, so each machine of a property run outlived its young-generation collections.
 */
export interface LedgerHost {
  marshalLedgers: MachineLedgers | null
}

function machineOf(mod: ModuleInstance): MachineLedgers {
  return (mod.m.mem.marshalLedgers ??= { nextId: 1, byTag: new Map(), lastOwner: 0, lastLedger: undefined })
}

/** The module's ledger (created on first use). */
export function marshalLedger(mod: ModuleInstance): MarshalLedger {
  let l = mod.marshalLedger
  if (!l) {
    l = new MarshalLedger(mod)
    mod.marshalLedger = l
    machineOf(mod).byTag.set(mod.tag, l)
  }
  return l
}

/** A new buffer id, unique in the module's machine. */
export function nextBufferId(mod: ModuleInstance): number {
  return marshalLedger(mod).nextId()
}

/** Every live buffer of every module of a machine (`m.mem` names the machine). */
export function liveMarshalBuffers(mem: LedgerHost): MarshalBuffer[] {
  const out: MarshalBuffer[] = []
  for (const l of mem.marshalLedgers?.byTag.values() ?? []) out.push(...l.live())
  return out
}

/** For ctx.mem: the origin of an access by the module with owner tag `owner`, or Origin.None. */
export function marshalOrigin(mem: LedgerHost, owner: number, addr: number, n: number, pid: number): Origin {
  const ml = mem.marshalLedgers
  if (ml === null) return Origin.None
  let l: MarshalLedger | undefined
  if (ml.lastLedger !== undefined && ml.lastOwner === owner) l = ml.lastLedger
  else {
    l = ml.byTag.get(owner)
    // Only a ledger found is remembered: one created later for this owner must not be hidden by a cached miss.
    if (l !== undefined) {
      ml.lastOwner = owner
      ml.lastLedger = l
    }
  }
  return l === undefined || l.size === 0 ? Origin.None : l.originOf(addr, n, pid)
}

/** The module is gone: its ledger no longer answers origin queries (its history stays readable). */
export function dropLedger(mod: ModuleInstance): void {
  const ml = mod.m.mem.marshalLedgers
  if (!ml) return
  ml.byTag.delete(mod.tag)
  ml.lastLedger = undefined
}
