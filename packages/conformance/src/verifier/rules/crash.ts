// CE6-R01: the machine bugchecked (an exception on a kernel-mode driver's thread) or a udevice host died (one on a
// user-mode driver's thread). A crash caused by an access another rule already explained is that violation.
import { Ev, type ShutdownReport } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

interface CrashDetail {
  driver?: string
  entry?: string
  message?: string
  error?: string
  udeviceCrash?: boolean
  host?: string
}

function explained(e: EventView, v: VerifierCore, tid: number): boolean {
  return v.faultExplained.delete(tid) || v.faultExplained.delete(e.tid)
}

function onBugcheck(e: EventView, v: VerifierCore): void {
  const d = e.detail as CrashDetail
  if (explained(e, v, e.a)) return
  v.report('CE6-R01', e, d.message ?? 'bugcheck: exception on a kernel thread', { driver: d.driver ?? '', entry: d.entry ?? '', stack: [`${d.driver}!${d.entry}`], key: 'bugcheck' })
}

function onException(e: EventView, v: VerifierCore): void {
  const d = e.detail as CrashDetail
  if (!d?.udeviceCrash || explained(e, v, e.tid)) return
  v.report('CE6-R01', e, `${d.host ?? 'udevice'} crashed: ${d.error ?? 'exception on a driver thread'}; every driver of its group is gone`, {
    driver: d.driver ?? '',
    entry: d.entry ?? '',
    stack: [`${d.driver}!${d.entry}`],
  })
}

export const crash: Detector = {
  rule: 'CE6-R01',
  events: { [Ev.Bugcheck]: onBugcheck, [Ev.DriverException]: onException },
  finish(r: ShutdownReport, v) {
    const b = r.bugcheck
    if (b && !v.violations.some((x) => x.rule === 'CE6-R01' || x.event?.kind === Ev.Bugcheck)) {
      v.report('CE6-R01', null, `bugcheck: ${b.message}`, { driver: b.driver, entry: b.entry, stack: b.stack_?.frames ?? [], key: 'bugcheck' })
    }
  },
}
