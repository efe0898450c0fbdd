// The shapes the verifier's parts share: the simulated thread as the machine exposes it, one memory access as the
// access rules see it, and a detector (one per rule, in rules/).
import type { Ev, Machine, ShutdownReport } from '@cedk/kernel'
import type { RuleId } from '../rules/rule.js'
import type { Call } from './calls.js'
import type { VerifierCore } from './core.js'
import type { EventView } from './event-view.js'

/** A simulated thread (the kernel does not export the class; this is its type as `machine.sched.current`). */
export type SimThread = NonNullable<Machine['sched']['current']>
export type SimFrame = SimThread['frame']

/** One driver access to memory, or an access that faulted, with what the verifier knows about it. */
export interface Access {
  readonly e: EventView
  readonly write: boolean
  /** The access raised an access violation (a Fault event: size and origin are not known). */
  readonly fault: boolean
  readonly addr: number
  /** Bytes accessed (0 for a fault). */
  readonly size: number
  /** Origin as the trace gives it (Origin.None for a fault). */
  readonly origin: number
  readonly originName: string
  readonly t: SimThread
  /** The frame running driver code (the innermost one). */
  readonly frame: SimFrame
  /** The entry-point call the thread is serving, if any (none on a driver's own thread). */
  readonly call: Call | undefined
}

/** What an access rule says about an access it explains: the reason, appended to the message. */
export interface AccessFinding {
  readonly why: string
  /** The driver to report it on, when it is not the one running (a CeCallUserProc helper's caller). */
  readonly driver?: string
  readonly entry?: string
  readonly detail?: Readonly<Record<string, unknown>>
}

export type EventHandler = (e: EventView, v: VerifierCore) => void

export interface Detector {
  readonly rule: RuleId
  /** Memory accesses and faults, asked in the priority order of access.ts; the first rule that explains one wins. */
  access?(a: Access, v: VerifierCore): AccessFinding | null
  /**
   * The APIs whose ApiCall and ApiReturn events the detector's handlers need: the verifier drops the calls and
   * returns of every other API before looking at them (most of a driver's API traffic).
   */
  readonly apis?: readonly string[]
  /** Other trace events, after the verifier's own bookkeeping of the event. */
  events?: Partial<Record<Ev, EventHandler>>
  /** End of the run (machine.shutdown()'s report). */
  finish?(report: ShutdownReport, v: VerifierCore): void
}
