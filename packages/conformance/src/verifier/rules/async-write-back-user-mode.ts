// CE6-A06 (udevice): a pointer parameter made an asynchronous buffer (the same pointer in user mode) and touched
// after the call returned: the reflector unmapped the alias at the return.
import { Origin } from '@cedk/kernel'
import type { Detector } from '../types.js'

export const asyncWriteBackUserMode: Detector = {
  rule: 'CE6-A06',
  access(a, v) {
    if (v.mode !== 'udevice' || (!a.fault && a.origin !== Origin.Caller && a.origin !== Origin.Async)) return null
    const r = v.params.find(a.addr, a.call)
    if (!r || !r.returned) return null
    for (const b of v.buffers.known()) {
      if (b.api === 'CeAllocAsynchronousBuffer' && b.kind === 'same' && b.callId === r.call.id && b.src >= r.start && b.src < r.end) {
        return { why: `asynchronous buffer #${b.id} is the parameter of ${r.call.label} itself, unmapped when that call returned`, detail: { key: `buf${b.id}` } }
      }
    }
    return null
  },
}
