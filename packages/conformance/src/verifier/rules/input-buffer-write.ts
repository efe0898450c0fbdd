// CE6-M03: a write through an input-only buffer: lpInBuf or WriteFile's buffer (the first param range, flagged by
// EntryEnter), or a CeOpenCallerBuffer buffer opened with an ARG_I_* descriptor. In udevice the write faults.
// When the written bytes lie in a buffer the driver opened with CeOpenCallerBuffer, that buffer's descriptor decides:
// a caller may aim an embedded out pointer into its own lpInBuf, and in kernel mode without ForceDuplicate the
// driver then writes, through the ARG_O_PTR buffer it opened, bytes that are also lpInBuf's. The overlap is the
// caller's choice; the driver did what CE6 asks.
import { Origin } from '@cedk/kernel'
import { hasOut } from '../buffers.js'
import { inRanges } from '../calls.js'
import type { Detector } from '../types.js'

const inputOnly = (id: number, desc: number): string => `buffer #${id} opened by CeOpenCallerBuffer with input-only descriptor 0x${desc.toString(16)}`

export const inputBufferWrite: Detector = {
  rule: 'CE6-M03',
  access(a, v) {
    if (!a.write) return null
    const call = a.call
    if (call && (a.fault || a.origin === Origin.Param || a.origin === Origin.Marshalled)) {
      const opened = v.buffers.openCallerBufferAt(a.addr, a.size, a.frame.driver, call.callerPid)
      if (opened) return hasOut(opened.desc) ? null : { why: inputOnly(opened.id, opened.desc) }
    }
    // A raw caller value the driver cast with ctx.unsafePtr is an embedded pointer (CE6-M01) even where it lands on
    // this call's input buffer: in udevice a caller's address can equal the alias of lpInBuf, where the write faults.
    if (v.throughCast(a.t.id, a.addr)) return null
    if (call && call.firstIsInput && a.frame.params === call.params) {
      const p = call.params
      const n = Math.max(a.size, 1)
      if (inRanges([p[0]!, p[1]!], a.addr, n) && !inRanges(p.slice(2), a.addr, n)) return { why: `the input buffer of ${call.entry} (input-only: ARG_I_PTR)` }
    }
    if (a.origin !== Origin.Marshalled) return null
    const b = v.buffers.liveAt(a.addr, a.size)
    if (b && b.api === 'CeOpenCallerBuffer' && !hasOut(b.desc)) return { why: inputOnly(b.id, b.desc) }
    return null
  },
}
