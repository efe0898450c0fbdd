// The part of a machine's trace a violation record carries to the report (the HTML report's timeline): the window
// around the violation's evidence event, in the kernel's cedk-trace/1 export shape. Bounded so that a report of a
// whole run stays a few MB: a window per violation, and at most MAX_TRACED violations of one scenario traced.
import { exportTrace, type Machine, type TraceExport } from '@cedk/kernel'
import type { ViolationRecord } from '../report/case-record.js'
import type { Violation } from '../verifier/violation.js'

/** Events kept before and after the evidence event: the call that broke the rule and the calls leading to it. */
export const TRACE_BEFORE = 240
export const TRACE_AFTER = 60
/** Violations of one scenario that carry a trace (the rest keep their event and stack only). */
export const MAX_TRACED = 8

export function violationTrace(machine: Machine, v: Violation): TraceExport | undefined {
  if (!v.event || v.event.seq < 0) return undefined
  return exportTrace(machine.trace, { around: v.event.seq, before: TRACE_BEFORE, after: TRACE_AFTER }, machine.processes)
}

/** `records[i]` made from `violations[i]`, with a trace for the first MAX_TRACED that have an event. */
export function withTraces(records: ViolationRecord[], violations: readonly Violation[], machine: Machine): ViolationRecord[] {
  let traced = 0
  return records.map((r, i) => {
    if (traced >= MAX_TRACED) return r
    const trace = violationTrace(machine, violations[i]!)
    if (!trace) return r
    traced++
    return { ...r, trace }
  })
}
