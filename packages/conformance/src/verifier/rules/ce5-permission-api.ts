// CE6-A05: SetKMode, SetProcPermissions or GetCurrentPermissions (CE6 stubs that return 0 and change nothing).
import { Ev } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

const APIS = new Set(['SetKMode', 'SetProcPermissions', 'GetCurrentPermissions'])

function onNote(e: EventView, v: VerifierCore): void {
  const d = e.detail as { ce5?: string; args?: readonly number[] } | undefined
  if (!d?.ce5 || !APIS.has(d.ce5)) return
  v.report('CE6-A05', e, `${d.ce5}(${(d.args ?? []).join(', ')}) does nothing in CE6: the access it was meant to allow reaches the wrong process or faults`, {
    t: v.threadOf(e),
  })
}

export const ce5PermissionApi: Detector = { rule: 'CE6-A05', events: { [Ev.Note]: onNote } }
