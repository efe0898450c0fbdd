// CE6-U02 (udevice, warning): a UI API called directly by a user-mode driver (not from a CeCallUserProc helper).
import { Ev } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

export const UI_APIS = new Set(['MessageBox', 'MessageBeep', 'CreateWindowEx', 'DestroyWindow'])

function onCall(e: EventView, v: VerifierCore): void {
  const api = v.machine.trace.name(e.a)
  if (!UI_APIS.has(api)) return
  const t = v.threadOf(e)
  if (!t || t.frame.kernelMode || !t.driverFrame() || v.inUserProc.has(t.id)) return
  v.report('CE6-U02', e, `${api} called directly from user mode: the same driver cannot run in the kernel`, { t })
}

export const directUiUserMode: Detector = { rule: 'CE6-U02', apis: [...UI_APIS], events: { [Ev.ApiCall]: onCall } }
