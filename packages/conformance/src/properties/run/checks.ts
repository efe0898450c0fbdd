// The properties judged on one run of a program: each returns the problems it found (none: the run keeps it).
import { BAD_KINDS, type PointerKind, type Program } from '../arbitraries/plan.js'
import { findRule } from '../../rules/table.js'
import { byName, type IoctlSet } from '../describe/ioctl.js'
import type { Execution } from './execute.js'

export const RUN_PROPERTIES = ['no-crash', 'no-violation', 'errors-not-faults', 'resources-balance'] as const
export type RunProperty = (typeof RUN_PROPERTIES)[number]
export type PropertyName = RunProperty | 'equivalence' | 'model'

const CRASH_RULES = new Set(['CE6-R01', 'CE6-R02'])
const LEAK_RULES = new Set(['CE6-R03', 'CE6-R04', 'CE6-R05', 'CE6-M04', 'CE6-A02'])

/** A violation's first line, and where in the driver's source it happened when that is known (the final run). */
const violationText = (v: Execution['violations'][number]): string => v.message.split('\n')[0]! + (v.source?.length ? ` [at ${v.source[0]}]` : '')

/** The kernel never crashes, whatever the caller passes: no bugcheck, no udevice crash, no exception escaping. */
function noCrash(x: Execution): string[] {
  const out: string[] = []
  if (x.bugcheck) out.push(`bugcheck: ${x.bugcheck}`)
  if (x.udeviceCrashes) out.push(`${x.udeviceCrashes} udevice host crash(es)`)
  for (const v of x.violations) if (CRASH_RULES.has(v.rule)) out.push(violationText(v))
  return out
}

/**
 * The runtime verifier reports no error: a warning-severity rule (CE6-U02, UI a user-mode driver may show but a
 * kernel build may not) leaves the property kept, as it leaves a matrix cell passing (docs/report-schema.md).
 */
const noViolation = (x: Execution): string[] => x.violations.filter((v) => findRule(v.rule)?.severity !== 'warning').map(violationText)

/**
 * A call that needs a pointer no driver may follow fails with an error; it neither succeeds nor faults. A fault the
 * driver lets escape is answered by the device manager, not by the driver: that is the fault this property forbids.
 * NULL is no bad pointer where the IOCTL says the buffer is optional; a read-only lpOutBuf is none at call time for
 * an async IOCTL (the driver writes it later, and learns of the fault then).
 */
function errorsNotFaults(x: Execution, set: IoctlSet, p: Program): string[] {
  const out = [...noCrash(x).filter((s) => !s.startsWith('bugcheck')), ...x.exceptions.map((e) => `exception escaped the driver: ${e}`)]
  x.outcomes.forEach((o, i) => {
    const call = p.steps[i]!.call
    const d = byName(set, call.ioctl)
    const badIn = !!d.in && isBad(call.inBuf.kind, d.optional?.in)
    const badOut = !!d.out && (isBad(call.outBuf.kind, d.optional?.out) || (call.outBuf.kind === 'readonly' && !d.async))
    if (!(badIn || badOut) || !o.result?.ok) return
    // TRUE is wrong only if the driver used the buffer: it faulted on it and swallowed the fault, or it says it wrote
    // output there. A driver that had nothing to read or write (an empty FIFO's READ) never touches it; in kernel mode
    // such a call reaches it (udevice's reflector refuses it first: call-observation.ts), and TRUE is its answer.
    const claimed = badOut && o.result.bytes > 0
    if (o.faultedOnBadBuffer || claimed) {
      out.push(`#${i + 1} ${call.ioctl} with ${badIn ? `lpInBuf ${call.inBuf.kind}` : `lpOutBuf ${call.outBuf.kind}`} returned TRUE${claimed ? ` (${o.result.bytes} bytes returned)` : o.faultedOnBadBuffer ? ' after an access fault on it' : ''}`)
    }
  })
  return out
}

const isBad = (kind: PointerKind, optional: boolean | undefined): boolean => BAD_KINDS.has(kind) && !(optional && kind === 'null')

/** Everything taken is given back by the end: handles, buffers, memory, threads; nothing hangs. */
function resourcesBalance(x: Execution): string[] {
  const out = x.violations.filter((v) => LEAK_RULES.has(v.rule) || v.rule === 'CE6-R06').map(violationText)
  if (x.leaks && out.length === 0) out.push(`${x.leaks} leak(s) at shutdown`)
  for (const o of x.outcomes) if (o.failure === 'hang') out.push(`#${o.step + 1} ${o.ioctl} hung`)
  return out
}

export function judge(prop: RunProperty, x: Execution, set: IoctlSet, p: Program): string[] {
  switch (prop) {
    case 'no-crash':
      return noCrash(x)
    case 'no-violation':
      return noViolation(x)
    case 'errors-not-faults':
      return errorsNotFaults(x, set, p)
    case 'resources-balance':
      return resourcesBalance(x)
  }
}
