// CE6-M07: MapCallerPtr or MapPtrToProcess (CE6 stubs that return the pointer unchanged: nothing is marshalled).
import { Ev } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

const APIS = new Set(['MapCallerPtr', 'MapPtrToProcess'])

function onNote(e: EventView, v: VerifierCore): void {
  const d = e.detail as { ce5?: string } | undefined
  if (!d?.ce5 || !APIS.has(d.ce5)) return
  v.report('CE6-M07', e, `${d.ce5}(${hex(e.a)}, ${e.b}) returns the pointer unchanged: nothing is marshalled or access-checked`, {
    t: v.threadOf(e),
    address: e.a,
    size: d.ce5 === 'MapCallerPtr' ? e.b : 0,
    origin: 'caller',
  })
}

export const ce5MappingApi: Detector = { rule: 'CE6-M07', events: { [Ev.Note]: onNote } }
