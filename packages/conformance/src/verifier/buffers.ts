// The verifier's ledger of marshalled buffers, built from the Marshal events: every CeOpenCallerBuffer,
// CeAllocDuplicateBuffer and CeAllocAsynchronousBuffer buffer with the call that made it, its parent, and what
// became of it. Retired buffers stay (poisoned) so a later touch of their bytes is caught (CE6-M06).
import type { Trace, TraceEvent } from '@cedk/kernel'
import { toEvent, type AnyEvent } from './event-view.js'
import { PoisonIndex } from './poison.js'

export type BufferApi = 'CeOpenCallerBuffer' | 'CeAllocDuplicateBuffer' | 'CeAllocAsynchronousBuffer'
export type BufferState = 'open' | 'closed' | 'freed'

export interface Buffer {
  readonly id: number
  readonly api: BufferApi
  /** direct, duplicate, alias, cico or same (marshal/ledger.ts). */
  readonly kind: string
  readonly src: number
  readonly dest: number
  readonly size: number
  readonly desc: number
  /** The process whose memory `src` is in. */
  readonly sourcePid: number
  /**
   * The caller whose bytes these are: the direct caller of the call that made it (in udevice `src` is the host's
   * mapping of them, so `sourcePid` is the host), else `sourcePid`.
   */
  readonly callerPid: number
  readonly driver: string
  /** The entry point (or thread routine) that made it. */
  readonly entry: string
  readonly tid: number
  /** The entry-point call that made it (0 outside a call). */
  readonly callId: number
  /** For an async buffer made from a CeOpenCallerBuffer buffer: that buffer's id, else 0. */
  readonly parent: number
  /** Where it was opened ("serial.dll!COM_IOControl"). */
  readonly at: string
  /** The Marshal event that opened it; the event object itself is kept only once the buffer outlives its call. */
  readonly openedSeq: number
  opened: TraceEvent | null
  state: BufferState
  /** An O/IO async copy was written since it was last flushed (CE6-A04). */
  dirty: boolean
  /** A later allocation reused these bytes: no longer poisoned. */
  reused: boolean
}

interface MarshalDetail {
  op: string
  hr: number
  kind?: string
  src?: number
  pid?: number
  driver: string
  at?: string
}

const OPENERS = new Set<string>(['CeOpenCallerBuffer', 'CeAllocDuplicateBuffer', 'CeAllocAsynchronousBuffer'])
const CLOSERS: Record<string, BufferState> = {
  CeCloseCallerBuffer: 'closed',
  CeFreeDuplicateBuffer: 'freed',
  CeFreeAsynchronousBuffer: 'freed',
}
/** Retired buffers remembered for use-after-close (between HISTORY and twice as many). */
const HISTORY = 1024

export const marshalDetail = (e: AnyEvent): MarshalDetail => e.detail as MarshalDetail
export const succeeded = (hr: number): boolean => (hr | 0) >= 0

export class Buffers {
  constructor(private readonly trace: Trace) {}

  /**
   * The open buffers, oldest first: what every per-access and per-return check walks, so it stays small. An array,
   * not a Map: a driver holds a handful, and Map churn on every open and close cost more than the scans.
   */
  private readonly open: Buffer[] = []
  /** Retired buffers, oldest first: between HISTORY and twice as many are kept (and poisoned, until reused). */
  private readonly retired: Buffer[] = []
  private readonly poisoned = new PoisonIndex<Buffer>()

  /** Record what a Marshal event did. Returns the buffer it concerns, if any. */
  onMarshal(e: AnyEvent, tid: number, call: { id: number; callerPid: number } | undefined, entry: string): Buffer | undefined {
    const d = marshalDetail(e)
    if (OPENERS.has(d.op)) return succeeded(d.hr) && e.a !== 0 ? this.add(e, d, tid, call, entry) : undefined
    const b = this.get(e.a)
    const to = CLOSERS[d.op]
    // The kernel retires a buffer it found even when the write-back fails (E_FAIL).
    if (b && to && b.state === 'open') this.retire(b, to)
    if (b && d.op === 'CeFlushAsynchronousBuffer' && succeeded(d.hr)) b.dirty = false
    return b
  }

  /** The open buffers, oldest first (the verifier's own array: do not change it; it changes at the next event). */
  live(): readonly Buffer[] {
    return this.open
  }

  /** An open buffer, or one of the retired buffers still remembered, by id. */
  get(id: number): Buffer | undefined {
    for (let i = this.open.length - 1; i >= 0; i--) if (this.open[i]!.id === id) return this.open[i]
    for (let i = this.retired.length - 1; i >= 0; i--) if (this.retired[i]!.id === id) return this.retired[i]
    return undefined
  }

  /** Every buffer remembered (open, and the retired ones kept), oldest first. */
  known(): Buffer[] {
    return [...this.retired, ...this.open].sort((x, y) => x.id - y.id)
  }

  /** The event that opened `b` (null only if it left the ring before its call returned). */
  evidence(b: Buffer): TraceEvent | null {
    return (b.opened ??= this.trace.get(b.openedSeq) ?? null)
  }

  /** Call `callId` returned: the buffers it leaves open keep their evidence (most are closed before, and need none). */
  keepEvidence(callId: number): void {
    for (const b of this.open) if (b.callId === callId && b.opened === null) this.evidence(b)
  }

  /** An open buffer made from buffer `parent` (an async buffer of a CeOpenCallerBuffer buffer). */
  hasOpenChild(parent: number): boolean {
    for (const c of this.open) if (c.parent === parent) return true
    return false
  }

  /** The live buffer whose returned range holds [a, a+n), newest first. */
  liveAt(a: number, n: number): Buffer | undefined {
    const end = a + Math.max(n, 1)
    for (let i = this.open.length - 1; i >= 0; i--) {
      const b = this.open[i]!
      if (a >= b.dest && end <= b.dest + b.size) return b
    }
    return undefined
  }

  /**
   * The open CeOpenCallerBuffer buffer of `driver` on `callerPid`'s memory whose returned range holds [a, a+n),
   * newest first: what an access through that range went through, faulting or not (a kernel-mode buffer opened
   * without ForceDuplicate is the caller's own pointer, on the caller's pages).
   */
  openCallerBufferAt(a: number, n: number, driver: string, callerPid: number): Buffer | undefined {
    const end = a + Math.max(n, 1)
    for (let i = this.open.length - 1; i >= 0; i--) {
      const b = this.open[i]!
      if (b.api === 'CeOpenCallerBuffer' && b.driver === driver && b.callerPid === callerPid && a >= b.dest && end <= b.dest + b.size) return b
    }
    return undefined
  }

  /** The newest retired, still poisoned buffer whose range holds address `a`. */
  retiredAt(a: number): Buffer | undefined {
    return this.poisoned.at(a)
  }

  get anyRetired(): boolean {
    return this.retired.length !== 0
  }

  /** Memory newly handed out at [a, a+n) (a heap block, a new buffer): bytes there are no longer poisoned. */
  unpoison(a: number, n: number): void {
    this.poisoned.unpoison(a, n)
  }

  private add(e: AnyEvent, d: MarshalDetail, tid: number, call: { id: number; callerPid: number } | undefined, entry: string): Buffer {
    const src = (d.src ?? 0) >>> 0
    const parent = d.op === 'CeAllocAsynchronousBuffer' ? this.parentOf(src, d.driver) : 0
    const b: Buffer = {
      id: e.a,
      api: d.op as BufferApi,
      kind: d.kind ?? '',
      src,
      dest: e.b,
      size: e.c,
      desc: e.d,
      sourcePid: d.pid ?? 0,
      callerPid: call?.callerPid || (d.pid ?? 0),
      driver: d.driver,
      entry,
      tid,
      callId: call?.id ?? 0,
      parent,
      at: d.at ?? '',
      openedSeq: e.seq,
      // Outside a call nothing settles it later: keep the evidence now.
      opened: call === undefined ? toEvent(e) : null,
      state: 'open',
      dirty: false,
      reused: false,
    }
    this.unpoison(b.dest, b.size)
    this.open.push(b)
    return b
  }

  private parentOf(src: number, driver: string): number {
    let id = 0
    for (const b of this.open) if (b.api === 'CeOpenCallerBuffer' && b.driver === driver && b.dest === src) id = b.id
    return id
  }

  private retire(b: Buffer, state: BufferState): void {
    b.state = state
    const open = this.open
    const i = open.lastIndexOf(b)
    // Shift down by hand: splice would allocate the removed items' array.
    for (let j = i + 1; j < open.length; j++) open[j - 1] = open[j]!
    open.pop()
    this.retired.push(b)
    this.poisoned.add(b)
    // Forget the oldest HISTORY at once when twice as many have piled up (a shift per retire would be O(HISTORY)).
    if (this.retired.length < 2 * HISTORY) return
    for (const old of this.retired.splice(0, HISTORY)) if (!old.reused) this.poisoned.remove(old)
  }
}

/** The descriptor lets the driver write (ARG_O_* or ARG_IO_*). */
export const hasOut = (desc: number): boolean => (desc & 0x8) !== 0
