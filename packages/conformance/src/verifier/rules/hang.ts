// CE6-R06: an entry point or driver thread the machine declared hung (step budget, blocked forever, livelock).
import { Ev, type ShutdownReport } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

interface HangDetail {
  driver: string
  entry: string
  why: string
  frames: readonly string[]
}

function onHang(e: EventView, v: VerifierCore): void {
  const d = e.detail as HangDetail
  v.report('CE6-R06', e, `${d.driver}!${d.entry} never returned: ${d.why}`, { driver: d.driver, entry: d.entry, stack: d.frames, key: `${d.driver}!${d.entry}` })
}

export const hang: Detector = {
  rule: 'CE6-R06',
  events: { [Ev.Hang]: onHang },
  finish(r: ShutdownReport, v) {
    for (const h of r.hangs) {
      v.report('CE6-R06', null, `${h.driver}!${h.entry} never returned: ${h.why}`, { driver: h.driver, entry: h.entry, stack: h.stack_.frames, key: `${h.driver}!${h.entry}` })
    }
  },
}
