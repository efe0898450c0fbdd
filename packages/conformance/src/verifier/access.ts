// Memory accesses and faults: each is built into an Access and offered to the access rules in priority order; the
// first rule that explains it reports it (one violation, one rule: docs/conformance.md). A rule that explains a
// fault marks the thread, so the exception the fault raises is not reported again as its own violation.
import { Ev, Origin, originName } from '@cedk/kernel'
import { hasOut } from './buffers.js'
import type { VerifierCore } from './core.js'
import { hex } from './core.js'
import type { Access, Detector } from './types.js'
import type { EventView } from './event-view.js'

/** Origins that are always fine to touch, whatever happened before (the trace vouches for them). */
const SAFE = new Set<number>([Origin.Param, Origin.Marshalled, Origin.Duplicate, Origin.Device])

export function buildAccess(e: EventView, v: VerifierCore): Access | null {
  const t = v.threadOf(e)
  if (t === null || !t.frame.driver) return null
  const fault = e.kind === Ev.Fault
  const origin = fault ? Origin.None : e.c
  return {
    e,
    write: fault ? e.b === 1 : e.kind === Ev.MemWrite,
    fault,
    addr: e.a >>> 0,
    size: fault ? 0 : e.b,
    origin,
    originName: fault ? `${e.a >>> 0 >= 0x80000000 ? 'kernel' : 'user'} address, faulted` : originName(origin),
    t,
    frame: t.frame,
    call: v.calls.top(t.id),
  }
}

/**
 * The cheap test on the raw event, before an Access is built (most accesses stop here): a read of a parameter or
 * marshalled buffer, any touch of device or duplicate memory, and the driver's own memory where no released
 * buffer lies cannot break an access rule, unless the driver just cast a caller value to that very address.
 */
export function mayMatter(e: EventView, v: VerifierCore): boolean {
  const o = e.c
  if (o === Origin.Param) return (e.kind === Ev.MemWrite && writesFirstInput(e, v)) || v.throughCast(e.tid, e.a)
  if (o === Origin.Marshalled) return e.kind === Ev.MemWrite || v.throughCast(e.tid, e.a)
  if (o === Origin.Device || o === Origin.Duplicate) return v.throughCast(e.tid, e.a)
  if (o === Origin.Own) return v.throughCast(e.tid, e.a) || poisoned(e.a, v)
  return true
}

/**
 * A parameter write that overlaps the call's input-only first buffer: the only parameter write an access rule can
 * explain (CE6-M03; the rule itself checks the details). Writes to output parameters stop here.
 */
function writesFirstInput(e: EventView, v: VerifierCore): boolean {
  const call = v.calls.top(e.tid)
  if (call === undefined) return true
  return call.firstIsInput && call.params.length >= 2 && e.a < call.params[1]! && e.a + e.b > call.params[0]!
}

/** Bytes of a released buffer not handed out again (only use-after-close looks at the driver's own memory). */
const poisoned = (addr: number, v: VerifierCore): boolean => v.buffers.anyRetired && v.buffers.retiredAt(addr) !== undefined

/** Worth asking the rules about: not a plain access to the driver's own or well-marshalled memory. */
export function suspicious(a: Access, v: VerifierCore): boolean {
  if (v.throughCast(a.t.id, a.addr)) return true
  // A fault reading or writing one of the call's own first-level parameters is the caller's bad pointer (the
  // kernel's check passes unmapped user addresses), not the driver's doing: it surfaces as the exception, if the
  // driver lets it out. A write to the input buffer stays suspicious (CE6-M03: in udevice it faults).
  if (a.fault && inRanges(a.frame.params, a.addr) && !(a.write && writesInput(a))) return false
  // Likewise a fault through a buffer the driver opened with CeOpenCallerBuffer and has not closed: in kernel mode
  // without ForceDuplicate the pointer it got back is the caller's, and the caller's page may be uncommitted. The
  // access belongs to that buffer (marshalled correctly); only a write through an input-only one stays suspicious.
  if (a.fault && a.call !== undefined) {
    const b = v.buffers.openCallerBufferAt(a.addr, 1, a.frame.driver, a.call.callerPid)
    if (b && !(a.write && !hasOut(b.desc))) return false
  }
  if (a.fault || a.origin === Origin.Caller || a.origin === Origin.Kernel || a.origin === Origin.Async) return true
  if (a.write && (a.origin === Origin.Param || a.origin === Origin.Marshalled)) return true
  if (a.origin === Origin.Own) return poisoned(a.addr, v)
  return !SAFE.has(a.origin) && a.origin !== Origin.Own
}

export function checkAccess(a: Access, v: VerifierCore, order: readonly Detector[]): void {
  for (const d of order) {
    const f = d.access?.(a, v)
    if (!f) continue
    const verb = a.fault ? `${a.write ? 'write' : 'read'} that faulted` : `${a.write ? 'write' : 'read'} of ${a.size} bytes`
    const msg = `${verb} at ${hex(a.addr)} (origin ${a.originName}) by ${a.frame.label}: ${f.why}`
    const who = f.driver !== undefined ? { driver: f.driver, entry: f.entry ?? '' } : {}
    v.report(d.rule, a.e, msg, { t: a.t, ...who, address: a.addr, size: a.size, origin: a.originName, key: f.detail?.['key'] as string | undefined, ...(f.detail ? { detail: f.detail } : {}) })
    if (a.fault) v.faultExplained.add(a.t.id)
    v.lastFlagged = a.e.seq
    return
  }
}

function writesInput(a: Access): boolean {
  const p = a.frame.params
  return a.call !== undefined && a.call.firstIsInput && p.length >= 2 && a.addr >= p[0]! && a.addr < p[1]!
}

function inRanges(r: readonly number[], addr: number): boolean {
  for (let i = 0; i < r.length; i += 2) if (addr >= r[i]! && addr < r[i + 1]!) return true
  return false
}
