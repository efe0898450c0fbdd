// CE6-A03: CeFreeAsynchronousBuffer or CeFlushAsynchronousBuffer after CeCloseCallerBuffer closed the buffer the
// asynchronous one was made from.
import { Ev } from '@cedk/kernel'
import { marshalDetail } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

const OPS = new Set(['CeFreeAsynchronousBuffer', 'CeFlushAsynchronousBuffer'])

function onMarshal(e: EventView, v: VerifierCore): void {
  const d = marshalDetail(e)
  if (!OPS.has(d.op)) return
  const b = v.buffers.get(e.a)
  const parent = b && b.parent ? v.buffers.get(b.parent) : undefined
  if (!b || !parent || parent.state === 'open') return
  const what = `${d.op} of asynchronous buffer #${b.id} (${b.size} bytes at ${hex(b.dest)}, origin async) after its source buffer #${parent.id} was closed`
  v.report('CE6-A03', e, what, { t: v.threadOf(e), address: b.dest, size: b.size, origin: 'async', key: b.id })
}

export const asyncFreedAfterClose: Detector = { rule: 'CE6-A03', events: { [Ev.Marshal]: onMarshal } }
