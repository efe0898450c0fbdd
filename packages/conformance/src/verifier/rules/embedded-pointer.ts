// CE6-M01: caller memory reached during a call through a pointer that is neither a parameter nor a marshalled
// buffer (an embedded pointer). In kernel mode the access works (origin "caller"); in udevice it faults.
import { Origin } from '@cedk/kernel'
import type { Detector } from '../types.js'

/** The first 64 KiB, never mapped in any process. */
const NULL_PAGE_END = 0x10000
const MARSHALLED = new Set<number>([Origin.Own, Origin.Device, Origin.Marshalled, Origin.Duplicate, Origin.Async])

export const embeddedPointer: Detector = {
  rule: 'CE6-M01',
  access(a, v) {
    const call = a.call
    if (!call || v.isKernelPid(call.callerPid) || a.frame.caller === null) return null
    const evidence = v.throughCast(a.t.id, a.addr) ? ' (the pointer came from ctx.unsafePtr)' : ''
    if (a.origin === Origin.Caller) return { why: `caller memory outside every parameter and marshalled buffer of ${call.entry}${evidence}` }
    // A fault in the never-mapped first 64 KiB is a NULL dereference (a failed allocation used unchecked), not an
    // embedded pointer, unless the driver cast a caller value there: the exception it raises is CE6-R02 or R01.
    if (a.fault && a.addr < NULL_PAGE_END && !evidence) return null
    if (a.fault) return { why: `an address that is no parameter or marshalled buffer of ${call.entry}, unusable in this process${evidence}` }
    // A raw caller value cast with ctx.unsafePtr lands wherever it lands in this process (in udevice, maybe on an
    // unrelated alias): the cast is the evidence.
    if (evidence && !MARSHALLED.has(a.origin)) return { why: `a raw value read from caller memory and dereferenced${evidence}` }
    return null
  },
}
