// The machine's trace: every API call, memory access, thread switch, fault, process and device event.
// Events live in a ring of typed arrays (a few stores per event, no allocation), so tracing stays on even in the
// benchmarks. Subscribers name the kinds they want; only those events are decoded into objects for them.
import { EV_COUNT, EV_NAMES, Ev, ORIGIN_NAMES, type OriginName } from './events.js'

export interface TraceEvent {
  seq: number
  kind: Ev
  /** Printable kind, e.g. "mem-read". */
  type: string
  /** Virtual time in ms. */
  time: number
  /** Thread id (0 = no thread: hardware or the test itself). */
  tid: number
  a: number
  b: number
  c: number
  d: number
  /** Extra data for rare events (names, argument lists, objects). */
  detail: unknown
}

export type TraceListener = (e: TraceEvent) => void

/**
 * A listener that takes the event's words as they are stored, with no object made for it (Trace.subscribeRaw).
 * `trace.detail(seq)` gives the detail and `trace.get(seq)` the decoded event, while the event is in the ring.
 */
export type RawTraceListener = (kind: Ev, a: number, b: number, c: number, d: number, seq: number, tid: number) => void

/** The machine's clock as the trace reads it: virtual time and the running thread. */
export interface TraceClock {
  readonly now: number
  readonly current: { readonly id: number } | null
}

const DEFAULT_CAPACITY = 1 << 16
/** The ring starts this small and doubles up to its capacity: short-lived machines (one per property case) stay cheap. */
const INITIAL_SLOTS = 1 << 10
const WORDS = 6

export class Trace {
  /** Off = nothing recorded and nobody notified (used to measure the cost of tracing). */
  enabled = true
  private readonly cap: number
  /** Slots allocated so far, minus one (the ring grows only before its first wrap, so `seq & mask` stays valid). */
  private mask: number
  /** The sequence number at which the ring doubles (Infinity once it holds `cap` slots). */
  private growAt: number
  /** Six words per event: kind, thread id, a, b, c, d (one array: one bounds check, one base pointer). */
  private words: Uint32Array
  private time: Float64Array
  /**
   * Extra data of rare events, by slot, with the sequence number of the event each belongs to in `detailSeq`: an
   * event without detail leaves its slot's older detail in place (record() touches neither array), and a reader
   * takes a detail only when its number is the event's. At most one detail a slot lingers, so at most the capacity.
   * No object is made per detail: a driver that opens and closes a buffer on every call would fill the old
   * generation with them (marshal/env.ts, bufferDetail).
   */
  private details: unknown[]
  private detailSeq: Float64Array
  private next = 0
  // Per kind, the listeners; every kind starts on one shared empty list (a machine per property case makes many
  // traces, most kinds never get a listener). listen() copies on write, so no list is shared once it has one.
  private readonly listeners: (readonly TraceListener[])[] = new Array<readonly TraceListener[]>(EV_COUNT).fill(NONE)
  private readonly rawListeners: (readonly RawTraceListener[])[] = new Array<readonly RawTraceListener[]>(EV_COUNT).fill(NONE)
  /** Per kind, 1 when it has any listener of either sort (emit's one test). */
  private readonly heard = new Uint8Array(EV_COUNT)
  private readonly names: string[] = ['']
  private readonly nameIds = new Map<string, number>()

  constructor(
    /** Where the current virtual time and thread come from (the scheduler): read as fields, no calls. */
    private readonly clock: TraceClock,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.cap = 1 << Math.ceil(Math.log2(Math.max(capacity, 16)))
    const slots = Math.min(this.cap, INITIAL_SLOTS)
    this.mask = slots - 1
    this.growAt = slots < this.cap ? slots : Infinity
    ;[this.time, this.detailSeq, this.words, this.details] = ring(slots)
  }

  /** Double the ring (nothing has wrapped yet: every event keeps its slot). */
  private grow(): void {
    const slots = (this.mask + 1) * 2
    const [time, detailSeq, words, details] = ring(slots)
    words.set(this.words)
    time.set(this.time)
    detailSeq.set(this.detailSeq)
    for (let i = 0; i < this.details.length; i++) details[i] = this.details[i]
    pool(this.time, this.details)
    this.words = words
    this.time = time
    this.detailSeq = detailSeq
    this.details = details
    this.mask = slots - 1
    this.growAt = slots < this.cap ? slots : Infinity
  }

  /**
   * The machine is done with its trace (Machine.dispose): its ring goes back to a small pool the next machines
   * allocate from, and the trace is empty and off from now on. Performance: a property run makes a machine per
   * case, and the ring's off-heap allocation was a fifth of a machine's boot (V8 counts it as external memory,
   * which brings collections forward).
   */
  release(): void {
    if (this.words.length === 0) return
    this.enabled = false
    pool(this.time, this.details)
    ;[this.time, this.detailSeq, this.words] = [new Float64Array(0), new Float64Array(0), new Uint32Array(0)]
    this.details = []
    this.mask = 0
    this.growAt = Infinity
    this.next = 0
  }

  /** Record an event; returns its sequence number (-1 when tracing is off). */
  emit(kind: Ev, a: number, b: number, c: number, d: number, detail?: unknown): number {
    if (!this.enabled) return -1
    const seq = this.next
    if (detail !== undefined) this.keepDetail(seq, detail)
    const cur = this.clock.current
    this.record(kind, cur === null ? 0 : cur.id, a, b, c, d)
    return seq
  }

  /**
   * emit() of an event with no detail, by a caller that has just seen `enabled` on and knows the running thread
   * (`tid`, the clock's current): the memory accesses, which trace every access. Small, so that V8 inlines it into
   * the checked access and emit() (docs/c-drivers.md, "Speed").
   */
  record(kind: Ev, tid: number, a: number, b: number, c: number, d: number): void {
    const seq = this.next++
    if (seq === this.growAt) this.grow()
    const i = seq & this.mask
    const w = this.words
    const o = i * WORDS
    w[o] = kind
    w[o + 1] = tid
    w[o + 2] = a
    w[o + 3] = b
    w[o + 4] = c
    w[o + 5] = d
    this.time[i] = this.clock.now
    if (this.heard[kind] !== 0) this.notify(seq)
  }

  /** The detail of event `seq`, about to be recorded: in its slot before the listeners hear of the event. */
  private keepDetail(seq: number, detail: unknown): void {
    if (seq === this.growAt) this.grow() // now, so that the slot is the one record() writes
    this.details[seq & this.mask] = detail
    this.detailSeq[seq & this.mask] = seq
  }

  /** Hand event `seq`, just recorded, to its kind's listeners. Apart from record(), which mostly finds no
   *  listener, so that it stays small enough to inline. */
  private notify(seq: number): void {
    const w = this.words
    const o = (seq & this.mask) * WORDS
    const kind = w[o] as Ev
    const [tid, a, b, c, d] = [w[o + 1]!, w[o + 2]!, w[o + 3]!, w[o + 4]!, w[o + 5]!]
    const rs = this.rawListeners[kind]!
    for (let j = 0; j < rs.length; j++) rs[j]!(kind, a, b, c, d, seq, tid)
    const ls = this.listeners[kind]!
    if (ls.length) {
      const e = this.get(seq)!
      for (let j = 0; j < ls.length; j++) ls[j]!(e)
    }
  }

  /**
   * Listen to events of the given kinds (all kinds when omitted), synchronously as they happen: a listener sees
   * the machine exactly at the event, so it can capture the driver's JS stack. Returns the unsubscribe function.
   */
  subscribe(listener: TraceListener, kinds?: readonly Ev[]): () => void {
    return this.heed(listen(this.listeners, kinds ?? Array.from({ length: EV_COUNT - 1 }, (_, i) => (i + 1) as Ev), listener))
  }

  /**
   * Like subscribe(), but the listener gets the event's words (as unsigned 32-bit numbers, like the decoded event's)
   * and no event object is made: the cheap way to watch frequent kinds. Returns the unsubscribe function.
   */
  subscribeRaw(listener: RawTraceListener, kinds: readonly Ev[]): () => void {
    return this.heed(listen(this.rawListeners, kinds, listener))
  }

  /** Keep `heard` in step with the listener lists, now and when `unsubscribe` runs. */
  private heed(unsubscribe: () => void): () => void {
    this.countListeners()
    return () => {
      unsubscribe()
      this.countListeners()
    }
  }

  private countListeners(): void {
    for (let k = 0; k < EV_COUNT; k++) this.heard[k] = this.listeners[k]!.length + this.rawListeners[k]!.length > 0 ? 1 : 0
  }

  /** The detail of one event, if it is still in the ring (undefined otherwise, or when it has none). */
  detail(seq: number): unknown {
    if (seq < 0 || seq >= this.next || seq < this.next - this.capacity) return undefined
    return this.detailAt(seq)
  }

  /** The detail of event `seq`, known to be in the ring. */
  private detailAt(seq: number): unknown {
    const i = seq & this.mask
    return this.detailSeq[i] === seq ? this.details[i] : undefined
  }

  /** Total events emitted so far (the ring keeps the last `capacity`). */
  get count(): number {
    return this.next
  }

  get capacity(): number {
    return this.cap
  }

  /** Decode one event, if it is still in the ring. */
  get(seq: number): TraceEvent | undefined {
    if (seq < 0 || seq >= this.next || seq < this.next - this.capacity) return undefined
    const i = seq & this.mask
    const w = this.words
    const o = i * WORDS
    const kind = w[o] as Ev
    return {
      seq,
      kind,
      type: EV_NAMES[kind] ?? String(kind),
      time: this.time[i]!,
      tid: w[o + 1]!,
      a: w[o + 2]!,
      b: w[o + 3]!,
      c: w[o + 4]!,
      d: w[o + 5]!,
      detail: this.detailAt(seq),
    }
  }

  /** The events still in the ring, oldest first, optionally from a sequence number on. */
  events(fromSeq = 0): TraceEvent[] {
    const out: TraceEvent[] = []
    for (let s = Math.max(fromSeq, this.next - this.capacity, 0); s < this.next; s++) out.push(this.get(s)!)
    return out
  }

  /**
   * Each event still in the ring, oldest first, as its raw words (as a RawTraceListener gets them): no object per
   * event, for whole-trace passes of test code (performance: events() makes one object per event). The fingerprint
   * has its own loop (fingerprint()), which does not even pay for the call per event.
   */
  eachRaw(fn: RawTraceListener, fromSeq = 0): void {
    const w = this.words
    for (let s = Math.max(fromSeq, this.next - this.capacity, 0); s < this.next; s++) {
      const o = (s & this.mask) * WORDS
      fn(w[o]! as Ev, w[o + 2]!, w[o + 3]!, w[o + 4]!, w[o + 5]!, s, w[o + 1]!)
    }
  }

  /**
   * FNV-1a over every event still in the ring — its kind and four words, in order (not the thread or the time):
   * equal fingerprints, the same run. Computed on the stored words (performance: a callback per event boxed every
   * word above 2^30 into a heap number, and the property runner fingerprints every case).
   */
  fingerprint(): string {
    const w = this.words
    let h = 0x811c9dc5
    for (let s = Math.max(this.next - this.capacity, 0); s < this.next; s++) {
      const o = (s & this.mask) * WORDS
      h = Math.imul(h ^ w[o]!, 0x01000193) >>> 0
      for (let k = 2; k < WORDS; k++) h = Math.imul(h ^ w[o + k]!, 0x01000193) >>> 0
    }
    return h.toString(16).padStart(8, '0')
  }

  /** Intern a string (API, driver, entry point names) so events can carry it as a number. */
  intern(name: string): number {
    let id = this.nameIds.get(name)
    if (id === undefined) {
      id = this.names.length
      this.names.push(name)
      this.nameIds.set(name, id)
    }
    return id
  }

  name(id: number): string {
    return this.names[id] ?? `#${id}`
  }

  /** One line per event, for test failure messages and the demo. */
  format(e: TraceEvent): string {
    const t = `${e.time.toFixed(3).padStart(10)}ms t${e.tid}`
    switch (e.kind) {
      case Ev.MemRead:
      case Ev.MemWrite:
        return `${t} ${e.type} ${hex8(e.a)} +${e.b} origin=${originName(e.c)} vm=p${e.d}`
      case Ev.Fault:
        return `${t} fault ${e.b ? 'write' : 'read'} ${hex8(e.a)} ${e.c ? 'kernel' : 'user'} mode vm=p${e.d}${e.detail ? `: ${String(e.detail)}` : ''}`
      case Ev.ApiCall:
        return `${t} ${this.name(e.a)}(${[e.b, e.c, e.d].map((x) => hex8(x)).join(', ')})`
      case Ev.ApiReturn:
        return `${t} ${this.name(e.a)} -> ${hex8(e.b)} lastError=${e.c}`
      case Ev.EntryEnter:
      case Ev.EntryExit:
        return `${t} ${e.type} ${this.name(e.b)} dev${e.a} caller=p${e.c}${e.kind === Ev.EntryExit ? ` -> ${hex8(e.d)}` : ''}`
      case Ev.ThreadSwitch:
        return `${t} switch t${e.a} -> t${e.b} vm=p${e.c}`
      default:
        return `${t} ${e.type} ${[e.a, e.b, e.c, e.d].map((x) => hex8(x)).join(' ')}${e.detail !== undefined ? ' ' + describe(e.detail) : ''}`
    }
  }
}

export function originName(o: number): OriginName {
  return ORIGIN_NAMES[o] ?? 'none'
}

const hex8 = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0')

function describe(d: unknown): string {
  if (typeof d === 'string') return d
  try {
    return JSON.stringify(d, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
  } catch {
    return String(d)
  }
}

/**
 * The ring's three arrays over one buffer (times and detail numbers first, for their 8-byte alignment), and its
 * details: one off-heap allocation per machine instead of three (performance: a property run makes a machine per case;
 * each allocation cost microseconds).
 */
function ring(slots: number): [Float64Array, Float64Array, Uint32Array, unknown[]] {
  // A pooled buffer holds an older run's events: harmless, every slot below `next` is written before it is read.
  // Its details array comes back cleared (pool()), so an old detail number matching a new event's finds no detail.
  const [buf, details] = spare.get(slots)?.pop() ?? [new ArrayBuffer(slots * (16 + 4 * WORDS)), new Array<unknown>(slots).fill(undefined)]
  return [new Float64Array(buf, 0, slots), new Float64Array(buf, slots * 8, slots), new Uint32Array(buf, slots * 16, slots * WORDS), details]
}

/** Released rings (buffer and details array) by slot count, a few of each size (machines come and go in turn). */
const spare = new Map<number, [ArrayBuffer, unknown[]][]>()
const SPARE_PER_SIZE = 4

function pool(time: Float64Array, details: unknown[]): void {
  const list = spare.get(time.length) ?? []
  if (list.length >= SPARE_PER_SIZE) return
  details.fill(undefined) // and no old machine's objects kept alive by the pool
  list.push([time.buffer as ArrayBuffer, details])
  spare.set(time.length, list)
}

/**
 * The list of a kind nobody listens to (shared, never written: listen() replaces it). Not frozen: a frozen array
 * has its own elements kind, and emit's loop over the lists would see two shapes instead of one.
 */
const NONE: readonly never[] = []

/**
 * Add `listener` to the per-kind lists of `kinds`; returns the function that takes it out again. Lists are replaced,
 * not changed, so an emit already walking one calls exactly the listeners it started with.
 */
function listen<L>(lists: (readonly L[])[], kinds: readonly Ev[], listener: L): () => void {
  for (const k of kinds) lists[k] = [...lists[k]!, listener]
  return () => {
    for (const k of kinds) {
      const l = lists[k]!
      const i = l.indexOf(listener)
      if (i >= 0) lists[k] = l.length === 1 ? NONE : l.filter((_, j) => j !== i)
    }
  }
}
