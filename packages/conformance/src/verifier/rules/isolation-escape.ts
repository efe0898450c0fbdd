// CE6-P07 (udevice): an attempt to reach past the process isolation that the kernel refused (traced by the kernel as
// a privileged refusal with request "isolation": the parameter window, the shared heap, code running outside the
// module's frames, a key the driver may have written). Reported on the driver that asked, which is not the one
// whose thread ran when the attempt came from a detached promise chain.
import { Ev } from '@cedk/kernel'
import { hex } from '../core.js'
import type { Detector, EventHandler } from '../types.js'
import { refusalOf } from './privileged.js'

const onRefusal: EventHandler = (e, v) => {
  const r = refusalOf(e, v)
  if (!r || r.request !== 'isolation') return
  const t = v.threadOf(e)
  const own = t?.driverFrame()?.driver === r.driver
  const what = `${r.api}(${hex(r.firstArg)}) refused with error ${r.error}${r.reason ? `: ${r.reason}` : ''}`
  const detail = { api: r.api, error: r.error, reason: r.reason, request: r.request }
  v.report('CE6-P07', e, what, own ? { t, detail } : { driver: r.driver, stack: [`${r.driver}: ${r.api}`, ...(t?.frames() ?? [])], detail })
}

export const isolationEscape: Detector = { rule: 'CE6-P07', events: { [Ev.Privileged]: onRefusal } }
