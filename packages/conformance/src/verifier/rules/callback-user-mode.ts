// CE6-C01 (udevice): PerformCallBack / CeDriverPerformCallback from a user-mode driver, which gets
// ERROR_NOT_SUPPORTED (the API's return is the evidence: the kernel refuses before any privileged work).
import { ERROR_NOT_SUPPORTED, Ev } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

const APIS = new Set(['CeDriverPerformCallback', 'PerformCallBack'])

function onReturn(e: EventView, v: VerifierCore): void {
  const api = v.machine.trace.name(e.a)
  if (!APIS.has(api) || e.c !== ERROR_NOT_SUPPORTED) return
  const t = v.threadOf(e)
  if (!t || t.frame.kernelMode || !t.driverFrame()) return
  v.report('CE6-C01', e, `${api} from a user-mode driver failed with ERROR_NOT_SUPPORTED: a udevice driver cannot call back into a process`, { t })
}

export const callbackUserMode: Detector = { rule: 'CE6-C01', apis: [...APIS], events: { [Ev.ApiReturn]: onReturn } }
