// The event the verifier's handlers see: one object per verifier, refilled from the trace's words for every event
// (Trace.subscribeRaw), so watching a run allocates nothing per event. The detail is read from the ring when asked,
// and a TraceEvent is made only when one must outlive the event: the evidence of a violation, a buffer's opening.
// A handler must not keep the view itself: it changes with the next event.
import type { Ev, Trace, TraceEvent } from '@cedk/kernel'

export class EventView {
  kind = 0 as Ev
  a = 0
  b = 0
  c = 0
  d = 0
  seq = 0
  tid = 0
  private decoded: TraceEvent | null = null
  /** The detail, once read (several handlers read a Marshal event's). */
  private det: unknown = undefined
  private detRead = false

  constructor(private readonly trace: Trace) {}

  set(kind: Ev, a: number, b: number, c: number, d: number, seq: number, tid: number): void {
    this.kind = kind
    this.a = a
    this.b = b
    this.c = c
    this.d = d
    this.seq = seq
    this.tid = tid
    this.decoded = null
    this.detRead = false
    this.det = undefined
  }

  get detail(): unknown {
    if (!this.detRead) {
      this.det = this.trace.detail(this.seq)
      this.detRead = true
    }
    return this.det
  }

  /** The event as an object to keep (built once per event, on demand). */
  event(): TraceEvent {
    return (this.decoded ??= this.trace.get(this.seq)!)
  }
}

/** A kept event, or the view of the current one. */
export type AnyEvent = TraceEvent | EventView

export const toEvent = (e: AnyEvent): TraceEvent => (e instanceof EventView ? e.event() : e)
