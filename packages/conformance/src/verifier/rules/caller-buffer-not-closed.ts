// CE6-M04: a CeOpenCallerBuffer buffer still open when the call that opened it returns (unless an asynchronous
// buffer made from it is still live); any caller or duplicate buffer still open when the Close of the open context
// it was made for returned (the kernel's note, held-at-close.ts) or when its caller exited (held-buffers.ts: reported
// at the end, unless the driver then touched that caller's memory, CE6-A07), or at the end of the run.
import { Ev } from '@cedk/kernel'
import type { Buffer } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { AnyEvent, EventView } from '../event-view.js'
import { closeWhen, heldAtClose, heldBuffers } from '../held-at-close.js'
import type { Detector } from '../types.js'

const RULE = 'CE6-M04'

/**
 * Buffers that are the caller's own pointer (kernel mode, not duplicated) on which the driver faulted: a driver that
 * catches the fault and returns skips its close, and that holds nothing (CE6's CeCloseCallerBuffer of such a buffer
 * only checks its arguments). In udevice, or duplicated, the buffer is a readable copy and cannot fault there, so
 * the path exists only where the close has nothing to release (docs/decisions.md, "A fault in a direct caller
 * buffer"). Buffers are objects of one run: a WeakSet keeps runs apart.
 */
const faulted = new WeakSet<Buffer>()

/** A direct caller buffer the driver faulted on: left open, it holds nothing (see `faulted`). */
export const faultedDirect = (b: Buffer): boolean => faulted.has(b)

function onFault(e: EventView, v: VerifierCore): void {
  const addr = e.a >>> 0
  for (const b of v.buffers.live()) if (b.api === 'CeOpenCallerBuffer' && b.kind === 'direct' && b.tid === e.tid && addr >= b.dest && addr < b.dest + b.size) faulted.add(b)
}

/** Not reported: an asynchronous buffer made from it is still live, or it is a direct buffer the driver faulted on. */
function excused(b: Buffer, v: VerifierCore): boolean {
  return v.buffers.hasOpenChild(b.id) || faulted.has(b)
}

function report(v: VerifierCore, b: Buffer, e: AnyEvent | null, when: string): void {
  const what = `${b.api} buffer #${b.id} of ${b.size} bytes at ${hex(b.dest)} (source ${hex(b.src)}, origin ${b.api === 'CeOpenCallerBuffer' ? 'marshalled' : 'duplicate'}) ${when}`
  const opened = v.buffers.evidence(b)
  v.report(RULE, e ?? opened, what, {
    driver: b.driver,
    entry: b.entry,
    stack: [b.at],
    address: b.dest,
    size: b.size,
    origin: b.api === 'CeOpenCallerBuffer' ? 'marshalled' : 'duplicate',
    key: b.id,
    detail: { buffer: b.id, opened: b.openedSeq },
  })
}

function onExit(e: EventView, v: VerifierCore): void {
  const call = v.calls.top(e.tid)
  if (!call) return
  for (const b of v.buffers.live()) {
    if (b.callId !== call.id || b.api !== 'CeOpenCallerBuffer' || excused(b, v)) continue
    report(v, b, e, `is still open when ${call.label} returns`)
  }
}

function onNote(e: EventView, v: VerifierCore): void {
  const h = heldAtClose(e)
  if (!h) return
  for (const r of heldBuffers(h, ['caller-buffer', 'duplicate-buffer'])) {
    const b = v.buffers.get(r.buffer!)
    if (b && b.state === 'open' && !excused(b, v)) v.held.add(b, e.event(), closeWhen(h))
  }
}

export const callerBufferNotClosed: Detector = {
  rule: RULE,
  events: { [Ev.Fault]: onFault, [Ev.EntryExit]: onExit, [Ev.DriverException]: onExit, [Ev.Note]: onNote },
  finish(_r, v) {
    const held = v.held.leaks()
    for (const { b, evidence, when } of held) {
      if (b.api === 'CeAllocAsynchronousBuffer' || faulted.has(b) || held.some((x) => x.b.parent === b.id)) continue
      report(v, b, evidence, `was still open ${when}`)
    }
    for (const b of v.buffers.live()) {
      if (b.api === 'CeAllocAsynchronousBuffer' || excused(b, v)) continue
      report(v, b, null, 'is still open at the end of the run (never closed or freed)')
    }
  },
}
