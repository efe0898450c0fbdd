// The verifier's ledger of marshalled buffers, built from the Marshal events: every CeOpenCallerBuffer,
// CeAllocDuplicateBuffer and CeAllocAsynchronousBuffer buffer with the call that made it, its parent, and what
// became of it. Retired buffers stay (poisoned) so a later touch of their bytes is caught (CE6-M06).
import type { TraceEvent } from '@cedk/kernel'

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
/** Retired buffers remembered for use-after-close. */
const HISTORY = 1024

export const marshalDetail = (e: TraceEvent): MarshalDetail => e.detail as MarshalDetail
export const succeeded = (hr: number): boolean => (hr | 0) >= 0

export class Buffers {
  readonly all = new Map<number, Buffer>()
  private readonly retired: Buffer[] = []

  /** Record what a Marshal event did. Returns the buffer it concerns, if any. */
  onMarshal(e: TraceEvent, tid: number, callId: number, entry: string): Buffer | undefined {
    const d = marshalDetail(e)
    if (OPENERS.has(d.op)) return succeeded(d.hr) && e.a !== 0 ? this.open(e, d, tid, callId, entry) : undefined
    const b = this.all.get(e.a)
    const to = CLOSERS[d.op]
    // The kernel retires a buffer it found even when the write-back fails (E_FAIL).
    if (b && to && b.state === 'open') this.retire(b, to)
    if (b && d.op === 'CeFlushAsynchronousBuffer' && succeeded(d.hr)) b.dirty = false
    return b
  }

  live(): Buffer[] {
    return [...this.all.values()].filter((b) => b.state === 'open')
  }

  /** The live buffer whose returned range holds [a, a+n), newest first. */
  liveAt(a: number, n: number): Buffer | undefined {
    let found: Buffer | undefined
    for (const b of this.all.values()) if (b.state === 'open' && a >= b.dest && a + Math.max(n, 1) <= b.dest + b.size) found = b
    return found
  }

  /** The newest retired, still poisoned buffer whose range holds address `a`. */
  retiredAt(a: number): Buffer | undefined {
    for (let i = this.retired.length - 1; i >= 0; i--) {
      const b = this.retired[i]!
      if (!b.reused && a >= b.dest && a < b.dest + b.size) return b
    }
    return undefined
  }

  get anyRetired(): boolean {
    return this.retired.length !== 0
  }

  /** Memory newly handed out at [a, a+n) (a heap block, a new buffer): bytes there are no longer poisoned. */
  unpoison(a: number, n: number): void {
    for (const b of this.retired) if (a < b.dest + b.size && a + n > b.dest) b.reused = true
  }

  private open(e: TraceEvent, d: MarshalDetail, tid: number, callId: number, entry: string): Buffer {
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
    return b
  }

  private parentOf(src: number, driver: string): number {
    let id = 0
    for (const b of this.all.values()) if (b.state === 'open' && b.api === 'CeOpenCallerBuffer' && b.driver === driver && b.dest === src) id = b.id
    return id
  }

  private retire(b: Buffer, state: BufferState): void {
    b.state = state
    this.retired.push(b)
    if (this.retired.length > HISTORY) this.retired.shift()
  }
}

/** The descriptor lets the driver write (ARG_O_* or ARG_IO_*). */
export const hasOut = (desc: number): boolean => (desc & 0x8) !== 0
