// CE6-M05: the same caller bytes read twice in one call from memory the caller can still change: a direct
// parameter (in udevice an alias of the caller's pages), or a CeOpenCallerBuffer pointer returned without a copy.
// The finding names the buffer, the offset of the bytes in it, and both fetches: the first by its trace event (found
// again in the trace when the second happens: keeping a JavaScript stack for every read would cost every call), the
// second by the event and, in the violation's `source`, the driver's line.
import { Ev, Origin, originName, type Trace } from '@cedk/kernel'
import type { Buffer } from '../buffers.js'
import { addRange, overlaps, type Call } from '../calls.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

/**
 * The reads the bytes of `e` are to be compared with, or null when the memory is not the caller's to change: the
 * call's first-level buffers, or those of the buffer the driver opened (direct, or an alias) on the same caller
 * pointer. A read whose bytes lie in a buffer the driver opened with CeOpenCallerBuffer and has not closed went
 * through that buffer, even where the caller aimed the pointer into its own lpInBuf (kernel mode gives the caller's
 * pointer back, and the kernel tags those bytes as the parameter's): the caller chose the overlap, and reading a
 * request and then the data it points to is no second fetch of one value (docs/decisions.md).
 */
function readsFor(e: EventView, v: VerifierCore, call: Call, frameParams: readonly number[]): number[] | null {
  let b: Buffer | undefined
  if (e.c === Origin.Param) {
    if (call.params !== frameParams) return null
    if (v.buffers.live().length === 0) return call.reads
    b = v.buffers.openCallerBufferAt(e.a, e.b, call.driver, call.callerPid)
    if (!b) return call.reads
  } else if (e.c === Origin.Marshalled || e.c === Origin.Async) {
    b = v.buffers.liveAt(e.a, e.b)
  } else return null
  if (!b || (b.kind !== 'direct' && b.kind !== 'alias')) return null
  const opened = (call.openedReads ??= new Map())
  let r = opened.get(b.src)
  if (!r) opened.set(b.src, (r = []))
  return r
}

/** Which buffer holds the read (asked only once a double fetch is found: the hot path allocates nothing). */
function where(e: EventView, v: VerifierCore, call: Call): { text: string; start: number } {
  const b = e.c === Origin.Param ? v.buffers.openCallerBufferAt(e.a, e.b, call.driver, call.callerPid) : v.buffers.liveAt(e.a, e.b)
  if (b) return { text: `${b.api} buffer #${b.id} (${b.size} bytes at ${hex(b.dest)}, opened by ${b.at || b.entry})`, start: b.dest }
  const p = call.params
  let i = 0
  while (i + 2 < p.length && !(e.a >= p[i]! && e.a < p[i + 1]!)) i += 2
  const which = i === 0 && call.firstIsInput ? 'the input buffer' : 'the buffer parameter'
  return { text: `${which} of ${call.entry} (${p[i + 1]! - p[i]!} bytes at ${hex(p[i]!)})`, start: p[i]! }
}

/** The first read by thread `tid` since the call began that overlaps [a, a+n): its sequence number and range. */
function firstFetch(trace: Trace, call: Call, tid: number, a: number, n: number, before: number): { seq: number; addr: number; size: number } | null {
  let found: { seq: number; addr: number; size: number } | null = null
  trace.eachRaw((kind, ea, eb, _c, _d, seq, etid) => {
    if (found || seq >= before || kind !== Ev.MemRead || etid !== tid) return
    if (ea < a + n && ea + eb > a) found = { seq, addr: ea, size: eb }
  }, call.enteredAt)
  return found
}

function onRead(e: EventView, v: VerifierCore): void {
  const t = v.threadOf(e)
  const call = t && v.calls.top(t.id)
  if (!t || !call || v.lastFlagged === e.seq) return
  const reads = readsFor(e, v, call, t.frame.params)
  if (reads === null) return
  if (overlaps(reads, e.a, e.b) && !overlaps(call.writes, e.a, e.b)) {
    const w = where(e, v, call)
    const first = firstFetch(v.machine.trace, call, t.id, e.a, e.b, e.seq)
    const firstText = first ? `event #${first.seq}, a read of ${first.size} bytes at ${hex(first.addr)}` : 'a read of this call no longer in the trace'
    const what =
      `read of ${e.b} bytes at ${hex(e.a)} (origin ${originName(e.c)}) by ${t.frame.label} fetches caller bytes this call already read: ` +
      `${w.text}, offset ${e.a - w.start}; first fetch: ${firstText}; second fetch: event #${e.seq}, this read`
    v.report('CE6-M05', e, what, {
      t,
      address: e.a,
      size: e.b,
      origin: originName(e.c),
      key: call.id,
      detail: { offset: e.a - w.start, bufferStart: w.start, firstFetch: first?.seq ?? null, secondFetch: e.seq },
    })
  }
  addRange(reads, e.a, e.b)
}

function onWrite(e: EventView, v: VerifierCore): void {
  const call = v.calls.top(e.tid)
  if (call && (e.c === Origin.Param || e.c === Origin.Marshalled || e.c === Origin.Async)) addRange(call.writes, e.a, e.b)
}

export const doubleFetch: Detector = {
  rule: 'CE6-M05',
  events: { [Ev.MemRead]: onRead, [Ev.MemWrite]: onWrite },
}
