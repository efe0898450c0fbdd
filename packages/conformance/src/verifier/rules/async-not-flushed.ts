// CE6-A04 (kernel mode): the driver wrote an O/IO asynchronous copy (a cico buffer, 520 bytes or less) and signals
// completion (SetEvent) before CeFlushAsynchronousBuffer or CeFreeAsynchronousBuffer copied the data back.
import { Ev, Origin } from '@cedk/kernel'
import { hasOut } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

const SIGNALS = new Set(['SetEvent', 'PulseEvent'])

function onWrite(e: EventView, v: VerifierCore): void {
  if (e.c !== Origin.Async) return
  const b = v.buffers.liveAt(e.a, e.b)
  if (b && b.kind === 'cico' && hasOut(b.desc)) b.dirty = true
}

function onCall(e: EventView, v: VerifierCore): void {
  if (!SIGNALS.has(v.machine.trace.name(e.a))) return
  const t = v.threadOf(e)
  const driver = t?.driverFrame()?.driver
  if (!t || !driver) return
  for (const b of v.buffers.live()) {
    if (!b.dirty || b.driver !== driver) continue
    const what = `completion signalled while asynchronous copy #${b.id} (${b.size} bytes at ${hex(b.dest)}, origin async) holds data not yet written back to ${hex(b.src)}`
    v.report('CE6-A04', e, what, { t, address: b.dest, size: b.size, origin: 'async', key: b.id })
  }
}

export const asyncNotFlushed: Detector = { rule: 'CE6-A04', apis: [...SIGNALS], events: { [Ev.MemWrite]: onWrite, [Ev.ApiCall]: onCall } }
