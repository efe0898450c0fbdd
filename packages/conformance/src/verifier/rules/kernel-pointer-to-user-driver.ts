// CE6-U04: a user-mode driver's CeOpenCallerBuffer on a kernel address (an embedded pointer a kernel-mode driver
// sent) fails with E_ACCESSDENIED. Reported on whichever of the two drivers is under test.
import { E_ACCESSDENIED, Ev, VM_KMODE_BASE } from '@cedk/kernel'
import { marshalDetail } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

function onMarshal(e: EventView, v: VerifierCore): void {
  const d = marshalDetail(e)
  const src = (d.src ?? e.b) >>> 0
  if (d.op !== 'CeOpenCallerBuffer' || d.hr >>> 0 !== E_ACCESSDENIED >>> 0 || src < VM_KMODE_BASE) return
  const t = v.threadOf(e)
  if (!t || t.frame.kernelMode) return
  // Only an embedded pointer a kernel-mode driver sent breaks the rule: a kernel address from an application is a
  // hostile caller, and the driver that gets E_ACCESSDENIED and refuses the call is doing its job.
  if (t.frame.caller !== null && t.frame.caller.kind !== 'kernel') return
  v.report('CE6-U04', e, `CeOpenCallerBuffer of ${e.c} bytes at kernel address ${hex(src)} (origin kernel) in a user-mode driver: embedded pointers from the kernel cannot be opened`, {
    t,
    address: src,
    size: e.c,
    origin: 'kernel',
  })
}

export const kernelPointerToUserDriver: Detector = { rule: 'CE6-U04', events: { [Ev.Marshal]: onMarshal } }
