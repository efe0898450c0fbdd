// CE6-A01: caller memory touched after the call that gave it returned, or from another thread (an IST, a worker),
// without an asynchronous buffer.
import { Origin } from '@cedk/kernel'
import type { Detector } from '../types.js'

export const asyncAccess: Detector = {
  rule: 'CE6-A01',
  access(a, v) {
    if (!a.fault && a.origin !== Origin.Caller) return null
    const r = v.params.find(a.addr, a.call)
    if (r) {
      const when = r.returned ? 'after the call returned' : `from thread ${a.t.id} while thread ${r.call.tid} is still in the call`
      return { why: `a buffer parameter of ${r.call.label} (caller p${r.call.callerPid}) touched ${when}`, detail: { key: `call${r.call.id}` } }
    }
    if (a.frame.caller === null && a.origin === Origin.Caller) return { why: `caller memory touched from the driver's own thread ${a.t.name}` }
    return null
  },
}
