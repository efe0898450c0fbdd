// Marshalled buffers found still held when the Close of their open context returned (the kernel's note,
// held-at-close.ts) or when their caller exited: leaks, CE6-A02 for an asynchronous buffer, CE6-M04 for a caller or
// duplicate buffer. A driver that afterwards touches or flushes memory of that caller once it has exited breaks
// CE6-A07, the harm the kept buffer leads to: the leak is then not reported, so the driver breaks one rule. Hence
// the verdict waits for the end of the run; the evidence is the note or the ProcessExit event.
import type { TraceEvent } from '@cedk/kernel'
import type { Buffer } from './buffers.js'
import type { EventView } from './event-view.js'

export interface HeldBuffer {
  readonly b: Buffer
  readonly evidence: TraceEvent
  /** "when serial.dll!COM_Close returned …", "when its caller p5 exited". */
  readonly when: string
}

export class HeldBuffers {
  private readonly held: HeldBuffer[] = []
  private readonly seen = new Set<number>()
  /** Processes whose memory the driver reached after they exited (CE6-A07). */
  private readonly touched = new Set<number>()

  /** A buffer found held (the first finding of a buffer is the one kept). */
  add(b: Buffer, evidence: TraceEvent, when: string): void {
    if (this.seen.has(b.id)) return
    this.seen.add(b.id)
    this.held.push({ b, evidence, when })
  }

  /** Process `e.a` exited (its handles closed first): the live buffers made from its bytes are held. */
  onExit(e: EventView, live: readonly Buffer[]): void {
    let exit: TraceEvent | undefined
    for (const b of live) if (b.callerPid === e.a) this.add(b, (exit ??= e.event()), `when its caller p${e.a} exited`)
  }

  touchedAfterExit(pid: number): void {
    this.touched.add(pid)
  }

  /** The held buffers, but those of callers the driver touched after they exited. */
  leaks(): HeldBuffer[] {
    return this.held.filter((h) => !this.touched.has(h.b.callerPid))
  }
}
