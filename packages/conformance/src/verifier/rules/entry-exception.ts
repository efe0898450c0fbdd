// CE6-R02: an exception escaped an entry point (the device manager or udevice caught it; the call failed with
// ERROR_INVALID_PARAMETER). Not reported when a rule already explained the faulting access that raised it.
import { Ev } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import { driverFrames } from '../driver-source.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

interface ExceptionDetail {
  driver?: string
  entry?: string
  error?: string
  udeviceCrash?: boolean
  /** The exception's JavaScript stack. */
  stack?: string
}

function onException(e: EventView, v: VerifierCore): void {
  const d = (e.detail ?? {}) as ExceptionDetail
  if (d.udeviceCrash) return
  if (v.faultExplained.delete(e.tid)) return
  const call = v.calls.top(e.tid)
  const t = v.threadOf(e)
  const driver = d.driver ?? call?.driver ?? t?.driverFrame()?.driver ?? ''
  const entry = d.entry ?? call?.entry ?? ''
  v.report('CE6-R02', e, `${d.error ?? 'an exception'} escaped ${driver}!${entry}`, {
    driver,
    entry,
    stack: [call?.label ?? `${driver}!${entry}`, ...(t?.frames() ?? [])],
    source: driverFrames(d.stack),
  })
}

export const entryException: Detector = { rule: 'CE6-R02', events: { [Ev.DriverException]: onException } }
