// The verifier's ledger of marshalled buffers, built from the Marshal events: every CeOpenCallerBuffer,
// CeAllocDuplicateBuffer and CeAllocAsynchronousBuffer buffer with the call that made it, its parent, and what
// became of it. Retired buffers stay (poisoned) so a later touch of their bytes is caught (CE6-M06).
import type { TraceEvent } from '@cedk/kernel'
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
  readonly driver: string
  /** The entry point (or thread routine) that made it. */
  readonly entry: string
  readonly tid: number
  /** The entry-point call that made it (0 outside a call). */
  readonly callId: number
  /** For an async buffer made from a CeOpenCallerBuffer buffer: that buffer's id, else 0. */
  readonly parent: number
  readonly opened: TraceEvent
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
}

const OPENERS = new Set<string>(['CeOpenCallerBuffer', 'CeAllocDuplicateBuffer', 'CeAllocAsynchronousBuffer'])
const CLOSERS: Record<string, BufferState> = {
  CeCloseCallerBuffer: 'closed',
  CeFreeDuplicateBuffer: 'freed',
  CeFreeAsynchronousBuffer: 'freed',
}
/** Retired buffers remembered for use-after-close (between HISTORY and twice as many). */
const HISTORY = 1024

export const marshalDetail = (e: TraceEvent): MarshalDetail => e.detail as MarshalDetail
export const succeeded = (hr: number): boolean => (hr | 0) >= 0

export class Buffers {
  /** The open buffers and the last HISTORY retired ones, by id (older retired buffers are forgotten). */
  readonly all = new Map<number, Buffer>()
  /** The open buffers only: what every per-access and per-return check walks, so it stays small. */
  private readonly open = new Map<number, Buffer>()
  /** Retired buffers, oldest first: the last HISTORY stay in `all` (and poisoned, until reused). */
  private readonly retired: Buffer[] = []
  private readonly poisoned = new PoisonIndex<Buffer>()

  /** Record what a Marshal event did. Returns the buffer it concerns, if any. */
  onMarshal(e: TraceEvent, tid: number, callId: number, entry: string): Buffer | undefined {
    const d = marshalDetail(e)
    if (OPENERS.has(d.op)) return succeeded(d.hr) && e.a !== 0 ? this.add(e, d, tid, callId, entry) : undefined
    const b = this.all.get(e.a)
    const to = CLOSERS[d.op]
    // The kernel retires a buffer it found even when the write-back fails (E_FAIL).
    if (b && to && b.state === 'open') this.retire(b, to)
    if (b && d.op === 'CeFlushAsynchronousBuffer' && succeeded(d.hr)) b.dirty = false
    return b
  }

  live(): Buffer[] {
    return [...this.open.values()]
  }

  /** An open buffer made from buffer `parent` (an async buffer of a CeOpenCallerBuffer buffer). */
  hasOpenChild(parent: number): boolean {
    for (const c of this.open.values()) if (c.parent === parent) return true
    return false
  }

  /** The live buffer whose returned range holds [a, a+n), newest first. */
  liveAt(a: number, n: number): Buffer | undefined {
    let found: Buffer | undefined
    for (const b of this.open.values()) if (a >= b.dest && a + Math.max(n, 1) <= b.dest + b.size) found = b
    return found
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

  private add(e: TraceEvent, d: MarshalDetail, tid: number, callId: number, entry: string): Buffer {
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
      driver: d.driver,
      entry,
      tid,
      callId,
      parent,
      opened: e,
      state: 'open',
      dirty: false,
      reused: false,
    }
    this.unpoison(b.dest, b.size)
    this.all.set(b.id, b)
    this.open.set(b.id, b)
    return b
  }

  private parentOf(src: number, driver: string): number {
    let id = 0
    for (const b of this.open.values()) if (b.api === 'CeOpenCallerBuffer' && b.driver === driver && b.dest === src) id = b.id
    return id
  }

  private retire(b: Buffer, state: BufferState): void {
    b.state = state
    this.open.delete(b.id)
    this.retired.push(b)
    this.poisoned.add(b)
    // Forget the oldest HISTORY at once when twice as many have piled up (a shift per retire would be O(HISTORY)).
    if (this.retired.length < 2 * HISTORY) return
    for (const old of this.retired.splice(0, HISTORY)) {
      if (!old.reused) this.poisoned.remove(old)
      // A later buffer may have reused the id (the same heap address): forget only this one.
      if (this.all.get(old.id) === old) this.all.delete(old.id)
    }
  }
}

/** The descriptor lets the driver write (ARG_O_* or ARG_IO_*). */
export const hasOut = (desc: number): boolean => (desc & 0x8) !== 0
