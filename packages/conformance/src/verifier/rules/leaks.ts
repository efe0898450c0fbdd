// CE6-R03 (handles, interrupts), CE6-R04 (heap, virtual memory), CE6-R05 (threads): what a Close left of its open
// context (the kernel's note, held-at-close.ts), and what the driver modules still held when they were unloaded
// (machine.shutdown()'s report; a leak already reported at its Close is not reported again). Leaked marshalled
// buffers are CE6-M04 and CE6-A02, so their heap copies are not counted again here.
import { Ev, type Leak, type ShutdownReport } from '@cedk/kernel'
import type { RuleId } from '../../rules/rule.js'
import type { VerifierCore } from '../core.js'
import { entryOfSite, onHeldAtClose } from '../held-at-close.js'
import type { Detector } from '../types.js'

const MARSHAL_SITE = /\((CeOpenCallerBuffer|CeAllocDuplicateBuffer|CeAllocAsynchronousBuffer)\)$/

function reportLeaks(rule: RuleId, kinds: readonly string[]) {
  return (r: ShutdownReport, v: VerifierCore): void => {
    r.leaks.forEach((l: Leak, i) => {
      if (!kinds.includes(l.kind) || MARSHAL_SITE.test(l.site) || l.atClose) return
      v.report(rule, null, `${l.kind} leaked: ${l.detail}, allocated at ${l.site}`, { driver: l.driver, entry: entryOfSite(l.site), stack: [l.site], key: i, detail: { leak: l } })
    })
  }
}

export const leakedHandle: Detector = {
  rule: 'CE6-R03',
  events: { [Ev.Note]: onHeldAtClose('CE6-R03', ['handle']) },
  finish: reportLeaks('CE6-R03', ['handle', 'interrupt']),
}
export const leakedMemory: Detector = {
  rule: 'CE6-R04',
  events: { [Ev.Note]: onHeldAtClose('CE6-R04', ['heap', 'virtual-memory']) },
  finish: reportLeaks('CE6-R04', ['heap', 'virtual-memory']),
}
export const leakedThread: Detector = { rule: 'CE6-R05', finish: reportLeaks('CE6-R05', ['thread']) }
