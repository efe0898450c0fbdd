// CE6-M08: a first-level buffer touched past the length the caller stated for it (an out buffer checked for a DWORD
// and written as a whole structure). The reach is the rest of the page that holds the buffer's last byte, and the
// first byte of the next page (a fault there, when the buffer ends at a page end): that is where such an overrun
// lands, and where the kernel's check (the stated length only) and the reflector's mapping (the stated range's
// pages) stop. A raw caller value the driver cast to a pointer there (ctx.unsafePtr) is an embedded pointer, left
// to CE6-M01; without that evidence the access is taken for the overrun it looks like (docs/decisions.md).
import { Origin } from '@cedk/kernel'
import { hex } from '../core.js'
import type { Access, Detector } from '../types.js'

const PAGE = 0x1000

/** The [start, end) pair of the call's buffers that `a` runs past, as an index into the flat pairs, or -1. */
function overrun(a: Access, params: readonly number[]): number {
  const n = Math.max(a.size, 1)
  for (let i = 0; i < params.length; i += 2) {
    const s = params[i]!
    const e = params[i + 1]!
    const reach = ((e - 1) | (PAGE - 1)) + 1 // the end of the page holding the last byte
    if (a.addr >= s && a.addr + n > e && a.addr <= reach) return i
  }
  return -1
}

export const parameterOverrun: Detector = {
  rule: 'CE6-M08',
  access(a, v) {
    const call = a.call
    if (!call || a.frame.params !== call.params || v.isKernelPid(call.callerPid)) return null
    if (!a.fault && a.origin !== Origin.Caller) return null
    const i = overrun(a, call.params)
    if (i < 0) return null
    const s = call.params[i]!
    const e = call.params[i + 1]!
    // A caller value the driver cast to a pointer past the buffer, and reached from there, is an embedded pointer
    // that happens to lie after it (a request and its data in one allocation): CE6-M01's, with its advice. So is a
    // record reached through a cast that landed on the buffer itself (in udevice, a caller address that happens to
    // be this call's alias).
    const cast = v.unsafeCasts.get(a.t.id)
    if ((cast !== undefined && cast >= e && a.addr >= cast) || v.throughCast(a.t.id, a.addr)) return null
    const which = i === 0 && call.firstIsInput ? 'the input buffer' : 'the buffer parameter'
    const past = a.addr > e ? `starts ${a.addr - e} bytes after its end` : a.addr === e ? 'starts at its end' : `runs ${a.addr + a.size - e} bytes past its end`
    return { why: `${which} of ${call.entry} at ${hex(s)} is ${e - s} bytes long as the caller stated it, and this access ${past}`, detail: { buffer: s, length: e - s, key: `overrun${call.id}:${s}` } }
  },
}
