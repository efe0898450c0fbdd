// The machine's trace as it leaves the machine: a documented, versioned JSON shape (schema cedk-trace/1, described
// in docs/kernel.md "Exporting the trace") that reports, viewers and tests read. The ring stores events as numbers;
// an export names them: event kinds, API and entry-point names, memory origins, threads and their processes.
// Bounded: a window of the ring (around one event, or a range), never more than `maxEvents` events.
import { Ev, EV_NAMES } from './events.js'
import { originName, type Trace } from './trace.js'

export const TRACE_EXPORT_SCHEMA = 'cedk-trace/1'

/** What a process was: nk.exe, a udevice.exe host, or a caller application (unknown when it is not in the window). */
export type ExportedProcessKind = 'kernel' | 'udevice' | 'user' | 'unknown'

export interface ExportedProcess {
  pid: number
  name: string
  kind: ExportedProcessKind
}

export interface ExportedThread {
  tid: number
  /** The thread's own process (its lane group); 0 when the thread was created before the ring's oldest event. */
  pid: number
  name: string
}

/** Decoded fields of an event; which ones an event has depends on its kind (see docs/kernel.md). */
export type ExportedFields = Record<string, number | string | boolean>

export interface ExportedEvent {
  seq: number
  /** Virtual time in ms. */
  time: number
  /** The running thread (0 = none: hardware or the test itself). */
  tid: number
  /** The event kind's printable name, e.g. "mem-read", "api-call", "entry-enter". */
  kind: string
  fields: ExportedFields
  /** The trace's one-line rendering of the event. */
  text: string
}

export interface TraceExport {
  schema: typeof TRACE_EXPORT_SCHEMA
  /** First and last sequence numbers exported (inclusive); -1 for both when the window is empty. */
  from: number
  to: number
  /** The event the window was taken around (a violation's evidence), when there is one. */
  focus: number | null
  /** Events of the run left out before and after the window (including those the ring had already dropped). */
  omitted: { before: number; after: number }
  processes: ExportedProcess[]
  threads: ExportedThread[]
  events: ExportedEvent[]
}

export interface TraceWindow {
  /** Export the events around this sequence number: `before` events before it and `after` after it. */
  around?: number
  before?: number
  after?: number
  /** Or a range of sequence numbers (inclusive); default the whole ring. */
  from?: number
  to?: number
  /** A hard bound on the exported events (default 2000); a range longer than this keeps its end. */
  maxEvents?: number
}

/** What the machine knows of its processes (Machine.processes): their kinds, which the trace does not record. */
export type ProcessDirectory = ReadonlyMap<number, { readonly name: string; readonly kind: 'kernel' | 'user' | 'udevice' }>

const DEFAULT_BEFORE = 300
const DEFAULT_AFTER = 100
const DEFAULT_MAX = 2000

/** Export a window of `trace` (see TraceWindow); `processes` adds the process kinds (pass `machine.processes`). */
export function exportTrace(trace: Trace, window: TraceWindow = {}, processes?: ProcessDirectory): TraceExport {
  const oldest = Math.max(0, trace.count - trace.capacity)
  const [from, to] = bounds(trace, window, oldest)
  const events: ExportedEvent[] = []
  for (let s = from; s <= to; s++) events.push(exportEvent(trace, s))
  const { threads, names } = directory(trace, oldest)
  const pids = new Set<number>()
  for (const t of threads.values()) pids.add(t.pid)
  for (const e of events) if (typeof e.fields.vm === 'number') pids.add(e.fields.vm)
  for (const p of processes?.keys() ?? []) pids.add(p)
  pids.delete(0)
  return {
    schema: TRACE_EXPORT_SCHEMA,
    from: events.length ? from : -1,
    to: events.length ? to : -1,
    focus: window.around ?? null,
    omitted: { before: events.length ? from : trace.count, after: events.length ? trace.count - 1 - to : 0 },
    processes: [...pids].sort((a, b) => a - b).map((pid) => processOf(pid, names.get(pid), processes)),
    threads: [...threads.values()].sort((a, b) => a.tid - b.tid),
    events,
  }
}

function bounds(trace: Trace, w: TraceWindow, oldest: number): [number, number] {
  const last = trace.count - 1
  const max = Math.max(1, w.maxEvents ?? DEFAULT_MAX)
  if (w.around !== undefined) {
    if (!Number.isInteger(w.around)) throw new TypeError(`exportTrace: window.around must be an event's sequence number, got ${String(w.around)}`)
    const from = Math.max(oldest, w.around - (w.before ?? DEFAULT_BEFORE))
    const to = Math.min(last, w.around + (w.after ?? DEFAULT_AFTER))
    return [Math.max(from, to - max + 1), to]
  }
  const to = Math.min(last, w.to ?? last)
  const from = Math.max(oldest, w.from ?? 0, to - max + 1)
  return [from, to]
}

/** Threads and process names from the creation events still in the ring. */
function directory(trace: Trace, oldest: number): { threads: Map<number, ExportedThread>; names: Map<number, string> } {
  const threads = new Map<number, ExportedThread>()
  const names = new Map<number, string>()
  trace.eachRaw((kind, a, b, _c, _d, seq) => {
    if (kind === Ev.ThreadCreate) threads.set(a, { tid: a, pid: b, name: String(trace.detail(seq) ?? `thread ${a}`) })
    else if (kind === Ev.ProcessCreate) names.set(a, String(trace.detail(seq) ?? `process ${a}`))
  }, oldest)
  return { threads, names }
}

function processOf(pid: number, traced: string | undefined, known: ProcessDirectory | undefined): ExportedProcess {
  const p = known?.get(pid)
  return { pid, name: p?.name ?? traced ?? `process ${pid}`, kind: p?.kind ?? 'unknown' }
}

function exportEvent(trace: Trace, seq: number): ExportedEvent {
  const e = trace.get(seq)!
  return { seq, time: e.time, tid: e.tid, kind: EV_NAMES[e.kind] ?? String(e.kind), fields: fieldsOf(trace, e.kind, e.a, e.b, e.c, e.d, e.detail), text: trace.format(e).trim() }
}

/** The event's words by the meaning events.ts documents for its kind. */
function fieldsOf(trace: Trace, kind: Ev, a: number, b: number, c: number, d: number, detail: unknown): ExportedFields {
  switch (kind) {
    case Ev.ApiCall:
      return { name: trace.name(a), arg0: b, arg1: c, arg2: d }
    case Ev.ApiReturn:
      return { name: trace.name(a), result: b, lastError: c }
    case Ev.MemRead:
    case Ev.MemWrite:
      return { address: a, size: b, origin: originName(c), vm: d }
    case Ev.Fault:
      return { address: a, write: b === 1, kernelMode: c === 1, vm: d, ...(detail !== undefined ? { reason: text(detail) } : {}) }
    case Ev.ThreadSwitch:
      return { from: a, to: b, vm: c }
    case Ev.ThreadCreate:
    case Ev.ThreadExit:
      return { thread: a, pid: b, ...(kind === Ev.ThreadExit ? { exitCode: c } : { name: text(detail) }) }
    case Ev.ProcessCreate:
      return { pid: a, name: text(detail) }
    case Ev.ProcessExit:
      return { pid: a, exitCode: b }
    case Ev.EntryEnter:
    case Ev.EntryExit:
      return { device: a, name: trace.name(b), caller: c, ...(kind === Ev.EntryExit ? { result: d } : {}) }
    case Ev.Interrupt:
      return { sysIntr: a }
    case Ev.Marshal:
      return { buffer: a, address: b, size: c, descriptor: d, ...(detail !== undefined ? { detail: text(detail) } : {}) }
    default:
      return { a, b, c, d, ...(detail !== undefined ? { detail: text(detail) } : {}) }
  }
}

const MAX_DETAIL = 300

function text(detail: unknown): string {
  let s: string
  if (typeof detail === 'string') s = detail
  else {
    try {
      s = JSON.stringify(detail, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? String(detail)
    } catch {
      s = String(detail)
    }
  }
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL)}…` : s
}
