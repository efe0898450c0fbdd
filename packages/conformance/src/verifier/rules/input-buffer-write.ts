// CE6-M03: a write through an input-only buffer: lpInBuf or WriteFile's buffer (the first param range, flagged by
// EntryEnter), or a CeOpenCallerBuffer buffer opened with an ARG_I_* descriptor. In udevice the write faults.
import { Origin } from '@cedk/kernel'
import { hasOut } from '../buffers.js'
import { inRanges } from '../calls.js'
import type { Detector } from '../types.js'

export const inputBufferWrite: Detector = {
  rule: 'CE6-M03',
  access(a, v) {
    if (!a.write) return null
    const call = a.call
    if (call && call.firstIsInput && a.frame.params === call.params) {
      const p = call.params
      const n = Math.max(a.size, 1)
      if (inRanges([p[0]!, p[1]!], a.addr, n) && !inRanges(p.slice(2), a.addr, n)) return { why: `the input buffer of ${call.entry} (input-only: ARG_I_PTR)` }
    }
    if (a.origin !== Origin.Marshalled) return null
    const b = v.buffers.liveAt(a.addr, a.size)
    if (b && b.api === 'CeOpenCallerBuffer' && !hasOut(b.desc)) return { why: `buffer #${b.id} opened by CeOpenCallerBuffer with input-only descriptor 0x${b.desc.toString(16)}` }
    return null
  },
}
