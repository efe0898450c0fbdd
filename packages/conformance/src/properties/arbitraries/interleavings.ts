// Programs: sequences of calls from several caller processes and threads, some overlapping, with a schedule of
// choices among ready threads that fast-check generates and shrinks, and optionally a caller exiting while the
// driver holds its buffers.
import fc from 'fast-check'
import type { IoctlSet } from '../describe/ioctl.js'
import { hostileCall, hostileValues, POINTER_CLASSES, applies, type HostileClass, type PointerClass } from './hostile.js'
import type { CallPlan, ExitPlan, Program, Step } from './plan.js'
import type { EventPlan } from '../../stimulus/hardware-event.js'
import { racingCall } from './races.js'
import { validCall } from './valid.js'
import { record } from './record.js'

export interface ProgramOptions {
  /** Hostile classes mixed in with valid calls (none: valid calls only). */
  classes?: readonly HostileClass[]
  maxSteps?: number
  /** Caller processes (1 or more) and threads per process. */
  maxProcs?: number
  threads?: number
  /** Names of the spec's hardware events: programs fire some of them between calls. */
  events?: readonly string[]
}

/** The call arbitrary of one class (null when the class hits none of the IOCTLs). */
export function callOfClass(set: IoctlSet, c: HostileClass): fc.Arbitrary<CallPlan> | null {
  if (c === 'values') return set.some((d) => d.in) ? hostileValues(set) : null
  if (c === 'race') return set.some((d) => d.in) ? racingCall(set) : null
  if (c === 'exit') return null
  return applies(set, c) ? hostileCall(set, c) : null
}

export function programArb(set: IoctlSet, o: ProgramOptions = {}): fc.Arbitrary<Program> {
  const classes = o.classes ?? []
  const hostile = classes.map((c) => callOfClass(set, c)).filter((a): a is fc.Arbitrary<CallPlan> => a !== null)
  // Valid first: a counterexample shrinks toward valid calls, leaving only the hostile call that matters.
  const call = hostile.length ? fc.oneof(validCall(set), ...hostile) : validCall(set)
  const maxProcs = o.maxProcs ?? 2
  const threads = o.threads ?? 2
  const step: fc.Arbitrary<Step> = record({
    call,
    proc: fc.integer({ min: 0, max: maxProcs - 1 }),
    thread: fc.integer({ min: 0, max: threads - 1 }),
    wait: fc.boolean().map((b) => !b), // shrinks to true: sequential calls
  })
  // minLength 0, not 1: with a minimum, fast-check 4.10 never drops the calls after the one that fails.
  const steps = fc.array(step, { minLength: 0, maxLength: o.maxSteps ?? 6 })
  const exit = classes.includes('exit') ? fc.option(exitPlan(maxProcs, o.maxSteps ?? 6), { nil: undefined }) : fc.constant(undefined)
  const events = o.events?.length ? eventPlans(o.events, o.maxSteps ?? 6) : fc.constant(undefined)
  return record({ steps, schedule: fc.array(fc.nat(3), { maxLength: 8 }), exit, events }).map(({ steps: ss, schedule, exit: e, events: ev }) => ({
    procs: Math.max(1, ...ss.map((s) => s.proc + 1), (e?.proc ?? 0) + 1),
    steps: ss,
    schedule,
    ...(e && { exit: e }),
    ...(ev?.length && { events: ev }),
  }))
}

/** Events shrink away first (an empty list), then toward the first step and no delay. */
function eventPlans(names: readonly string[], maxSteps: number): fc.Arbitrary<EventPlan[]> {
  const plan = record<EventPlan>({ event: fc.constantFrom(...names), afterStep: fc.integer({ min: 0, max: maxSteps - 1 }), delayMs: fc.integer({ min: 0, max: 50 }) })
  return fc.array(plan, { minLength: 0, maxLength: 4 })
}

function exitPlan(maxProcs: number, maxSteps: number): fc.Arbitrary<ExitPlan> {
  return record({ proc: fc.integer({ min: 0, max: maxProcs - 1 }), afterStep: fc.integer({ min: 0, max: maxSteps - 1 }), advanceMs: fc.integer({ min: 0, max: 100 }) })
}

/** Every pointer class and the value, race and exit classes. */
export const ALL_CLASSES: readonly HostileClass[] = [...POINTER_CLASSES, 'values', 'race', 'exit'] satisfies readonly (PointerClass | HostileClass)[]
