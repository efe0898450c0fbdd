// CE6-M06: a touch of a buffer's bytes after CeCloseCallerBuffer, CeFreeDuplicateBuffer or CeFreeAsynchronousBuffer
// released it. Released buffers stay poisoned in the verifier's ledger until their bytes are handed out again.
import { Origin } from '@cedk/kernel'
import { hex } from '../core.js'
import type { Detector } from '../types.js'

const LIVE = new Set<number>([Origin.Param, Origin.Marshalled, Origin.Duplicate, Origin.Async, Origin.Device])

export const useAfterClose: Detector = {
  rule: 'CE6-M06',
  access(a, v) {
    if (LIVE.has(a.origin)) return null
    const b = v.buffers.retiredAt(a.addr)
    if (!b || b.driver !== a.frame.driver) return null
    return { why: `${b.api} buffer #${b.id} (${b.size} bytes at ${hex(b.dest)}) was ${b.state} before`, detail: { buffer: b.id, key: `buf${b.id}` } }
  },
}
