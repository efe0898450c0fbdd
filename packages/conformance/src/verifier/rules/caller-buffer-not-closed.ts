// CE6-M04: a CeOpenCallerBuffer buffer still open when the call that opened it returns (unless an asynchronous
// buffer made from it is still live), or any caller or duplicate buffer still open at the end of the run.
import { Ev, type TraceEvent } from '@cedk/kernel'
import type { Buffer } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'

const RULE = 'CE6-M04'

function hasLiveChild(b: Buffer, v: VerifierCore): boolean {
  return v.buffers.hasOpenChild(b.id)
}

function report(v: VerifierCore, b: Buffer, e: TraceEvent | null, when: string): void {
  const what = `${b.api} buffer #${b.id} of ${b.size} bytes at ${hex(b.dest)} (source ${hex(b.src)}, origin ${b.api === 'CeOpenCallerBuffer' ? 'marshalled' : 'duplicate'}) ${when}`
  v.report(RULE, e ?? b.opened, what, {
    driver: b.driver,
    entry: b.entry,
    stack: [String((b.opened.detail as { at?: string }).at ?? '')],
    address: b.dest,
    size: b.size,
    origin: b.api === 'CeOpenCallerBuffer' ? 'marshalled' : 'duplicate',
    key: b.id,
    detail: { buffer: b.id, opened: b.opened.seq },
  })
}

function onExit(e: TraceEvent, v: VerifierCore): void {
  const call = v.calls.top(e.tid)
  if (!call) return
  for (const b of v.buffers.live()) {
    if (b.callId !== call.id || b.api !== 'CeOpenCallerBuffer' || hasLiveChild(b, v)) continue
    report(v, b, e, `is still open when ${call.label} returns`)
  }
}

export const callerBufferNotClosed: Detector = {
  rule: RULE,
  events: { [Ev.EntryExit]: onExit, [Ev.DriverException]: onExit },
  finish(_r, v) {
    for (const b of v.buffers.live()) {
      if (b.api === 'CeAllocAsynchronousBuffer' || hasLiveChild(b, v)) continue
      report(v, b, null, 'is still open at the end of the run (never closed or freed)')
    }
  },
}
