// CE6-A07: a caller's buffer (a parameter kept, or an asynchronous buffer) touched or flushed after that caller
// process exited.
import { Ev, Origin } from '@cedk/kernel'
import { marshalDetail } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

function onMarshal(e: EventView, v: VerifierCore): void {
  if (marshalDetail(e).op !== 'CeFlushAsynchronousBuffer') return
  const b = v.buffers.get(e.a)
  if (!b || !v.exited.has(b.sourcePid)) return
  v.held.touchedAfterExit(b.callerPid)
  const what = `CeFlushAsynchronousBuffer of buffer #${b.id} (${b.size} bytes at ${hex(b.dest)}, origin async) after its caller p${b.sourcePid} exited`
  v.report('CE6-A07', e, what, { t: v.threadOf(e), address: b.dest, size: b.size, origin: 'async', key: `buf${b.id}` })
}

export const accessAfterCallerExit: Detector = {
  rule: 'CE6-A07',
  access(a, v) {
    if (a.origin === Origin.Async) {
      const b = v.buffers.liveAt(a.addr, a.size)
      if (!b || !v.exited.has(b.sourcePid)) return null
      v.held.touchedAfterExit(b.callerPid)
      return { why: `asynchronous buffer #${b.id} belongs to caller p${b.sourcePid}, which exited`, detail: { key: `buf${b.id}` } }
    }
    if (!a.fault && a.origin !== Origin.Caller) return null
    const r = v.params.find(a.addr, a.call)
    if (!r || !v.exited.has(r.call.callerPid)) return null
    v.held.touchedAfterExit(r.call.callerPid)
    return { why: `a buffer parameter of ${r.call.label} whose caller p${r.call.callerPid} exited`, detail: { key: `call${r.call.id}` } }
  },
  events: { [Ev.Marshal]: onMarshal },
}
