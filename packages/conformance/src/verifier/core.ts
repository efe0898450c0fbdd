// The verifier's state and its one way to report: the calls in progress, the ledger of marshalled buffers, the
// history of caller buffers, the processes that exited, and the violations found so far.
import { KERNEL_PID, type Machine } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type { RuleId } from '../rules/rule.js'
import { getRule } from '../rules/table.js'
import { Buffers } from './buffers.js'
import { Calls, type Call } from './calls.js'
import { captureDriverFrames } from './driver-source.js'
import { toEvent, type AnyEvent } from './event-view.js'
import { HeldBuffers } from './held-buffers.js'
import { ParamHistory } from './params.js'
import type { SimThread } from './types.js'
import type { Violation } from './violation.js'

export interface ReportArgs {
  /** The thread the evidence happened on (driver, entry and stack come from it unless given). */
  t?: SimThread | null
  driver?: string
  entry?: string
  stack?: readonly string[]
  address?: number
  size?: number
  origin?: string
  detail?: Readonly<Record<string, unknown>>
  /** What makes two findings the same one (default: the event). */
  key?: string | number
  /** The driver's source frames, when they come from elsewhere than the running stack (an exception's own stack). */
  source?: readonly string[]
}

/** How far past a ctx.unsafePtr cast an access still counts as one through it (a record's fields: one page). */
const CAST_REACH = 0x1000

/** Rules whose evidence may sit in the other of two drivers: reported on the one under test when it is in the stack. */
const TWO_PARTY = new Set<RuleId>(['CE6-U04', 'CE6-C02'])

export class VerifierCore {
  readonly calls = new Calls()
  readonly buffers: Buffers
  readonly params = new ParamHistory()
  /** Processes that exited (caller exit: CE6-A07). */
  readonly exited = new Set<number>()
  /** Marshalled buffers held at a Close or at their caller's exit (CE6-A02, CE6-M04; reported at the end). */
  readonly held = new HeldBuffers()
  /** Threads inside a CeCallUserProc helper, with the driver that called it. */
  readonly inUserProc = new Map<number, { driver: string; entry: string }>()
  /** Threads whose last fault a rule explained: the exception it raises is that violation, not another one. */
  readonly faultExplained = new Set<number>()
  /** The last ctx.unsafePtr cast of each thread (evidence for CE6-M01), and the call it was made in. */
  readonly unsafeCasts = new Map<number, number>()
  readonly unsafeCastCalls = new Map<number, Call | undefined>()
  /** Sequence number of the last access an access rule reported (other detectors leave it alone). */
  lastFlagged = -1
  readonly violations: Violation[] = []
  private readonly seen = new Set<string>()

  constructor(
    readonly machine: Machine,
    readonly mode: Mode,
    readonly driver: string | undefined,
  ) {
    this.buffers = new Buffers(machine.trace)
  }

  get current(): SimThread | null {
    return this.machine.sched.current
  }

  /** The running thread, if it is the one the event happened on. */
  threadOf(e: { readonly tid: number }): SimThread | null {
    const t = this.machine.sched.current
    return t !== null && t.id === e.tid ? t : null
  }

  /**
   * Whether thread `tid` reaches `addr` through its last ctx.unsafePtr cast: the cast address itself, or (cast in
   * the thread's current call) the record it points at, read or written field by field up to a page past the cast.
   * Such an access went through a raw caller value, an embedded pointer (CE6-M01), wherever it landed: in udevice
   * the caller's address may happen to be an alias of this call's own buffers (docs/decisions.md).
   */
  throughCast(tid: number, addr: number): boolean {
    const cast = this.unsafeCasts.get(tid)
    if (cast === undefined) return false
    if (cast === addr) return true
    return addr > cast && addr - cast < CAST_REACH && this.unsafeCastCalls.get(tid) === this.calls.top(tid)
  }

  isKernelPid(pid: number): boolean {
    return pid === KERNEL_PID || pid === 0
  }

  /** Report a violation of `rule` (deduplicated by rule and key; dropped in modes the rule does not apply to). */
  report(rule: RuleId, event: AnyEvent | null, what: string, args: ReportArgs = {}): Violation | null {
    const r = getRule(rule)
    if (!r.modes.includes(this.mode)) return null
    const df = args.t?.driverFrame() ?? null
    const stack = args.stack ?? args.t?.frames() ?? []
    let driver = args.driver ?? df?.driver ?? ''
    if (this.driver !== undefined && driver !== this.driver) {
      const inStack = stack.some((s) => s.startsWith(`${this.driver}!`)) || JSON.stringify(args.detail ?? {}).includes(this.driver)
      if (!TWO_PARTY.has(rule) || !inStack) return null
      driver = this.driver
    }
    const key = `${rule}|${driver}|${args.key ?? event?.seq ?? what}`
    if (this.seen.has(key)) return null
    this.seen.add(key)
    const entry = args.entry ?? df?.entry ?? ''
    const v: Violation = {
      rule,
      mode: this.mode,
      driver,
      entry,
      message: `${rule} ${r.title}: ${what}`,
      event: event === null ? null : toEvent(event),
      stack: [...stack],
      fix: r.fix,
      ...(args.address !== undefined ? { address: args.address } : {}),
      ...(args.size !== undefined ? { size: args.size } : {}),
      ...(args.origin !== undefined ? { origin: args.origin } : {}),
      ...(args.detail !== undefined ? { detail: args.detail } : {}),
    }
    const source = args.source ?? this.runningSource(args.t)
    if (source.length) v.source = source
    this.violations.push(v)
    return v
  }

  /**
   * The driver's source frames of the running JavaScript stack, when thread `t` is running driver code now (an
   * access, or an API the driver called): only then does that stack hold the driver's frames. Not in the property
   * search, whose machines keep no JavaScript stacks (the shrunk case's final run does).
   */
  private runningSource(t: SimThread | null | undefined): readonly string[] {
    if (!t || t !== this.current || !this.machine.options.jsStacks) return []
    const inDriver = t.frame.driver !== '' || (t.frame.prev !== null && t.frame.prev.driver !== '')
    return inDriver ? captureDriverFrames() : []
  }
}

export const hex = (n: number): string => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0')
