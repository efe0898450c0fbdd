// CE6-U03: a CeCallUserProc helper dereferences a pointer it found in its input (only the flat in and out blobs are
// copied; the helper runs in a udevice). Reported on the driver that called CeCallUserProc.
import { Ev, Origin } from '@cedk/kernel'
import type { VerifierCore } from '../core.js'
import type { Detector } from '../types.js'
import type { EventView } from '../event-view.js'

function onNote(e: EventView, v: VerifierCore): void {
  const d = e.detail as { ceCallUserProc?: string } | undefined
  if (!d?.ceCallUserProc) return
  const df = v.threadOf(e)?.driverFrame()
  v.inUserProc.set(e.a, { driver: df?.driver ?? '', entry: df?.entry ?? '' })
}

function onReturn(e: EventView, v: VerifierCore): void {
  if (v.machine.trace.name(e.a) === 'CeCallUserProc') v.inUserProc.delete(e.tid)
}

export const userProcPointer: Detector = {
  rule: 'CE6-U03',
  access(a, v) {
    const caller = v.inUserProc.get(a.t.id)
    if (!caller || a.frame.driver === caller.driver) return null
    if (!a.fault && a.origin !== Origin.Caller && a.origin !== Origin.Kernel) return null
    return { why: `the CeCallUserProc helper of ${caller.driver} dereferenced a pointer outside its in and out buffers (an embedded pointer)`, driver: caller.driver, entry: caller.entry, detail: { key: a.t.id, caller: caller.driver } }
  },
  apis: ['CeCallUserProc'],
  events: { [Ev.Note]: onNote, [Ev.ApiReturn]: onReturn },
}
