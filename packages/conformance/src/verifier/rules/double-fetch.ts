// CE6-M05: the same caller bytes read twice in one call from memory the caller can still change: a direct
// parameter (in udevice an alias of the caller's pages), or a CeOpenCallerBuffer pointer returned without a copy.
import { Ev, Origin, originName } from '@cedk/kernel'
import { addRange, overlaps } from '../calls.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

function changeable(e: EventView, v: VerifierCore, params: readonly number[], frameParams: readonly number[]): boolean {
  if (e.c === Origin.Param) return params === frameParams
  if (e.c !== Origin.Marshalled && e.c !== Origin.Async) return false
  const kind = v.buffers.liveAt(e.a, e.b)?.kind
  return kind === 'direct' || kind === 'alias'
}

function onRead(e: EventView, v: VerifierCore): void {
  const t = v.threadOf(e)
  const call = t && v.calls.top(t.id)
  if (!t || !call || v.lastFlagged === e.seq || !changeable(e, v, call.params, t.frame.params)) return
  if (overlaps(call.reads, e.a, e.b) && !overlaps(call.writes, e.a, e.b)) {
    const what = `read of ${e.b} bytes at ${hex(e.a)} (origin ${originName(e.c)}) by ${t.frame.label} fetches caller bytes this call already read`
    v.report('CE6-M05', e, what, { t, address: e.a, size: e.b, origin: originName(e.c), key: call.id })
  }
  addRange(call.reads, e.a, e.b)
}

function onWrite(e: EventView, v: VerifierCore): void {
  const call = v.calls.top(e.tid)
  if (call && (e.c === Origin.Param || e.c === Origin.Marshalled || e.c === Origin.Async)) addRange(call.writes, e.a, e.b)
}

export const doubleFetch: Detector = {
  rule: 'CE6-M05',
  events: { [Ev.MemRead]: onRead, [Ev.MemWrite]: onWrite },
}
