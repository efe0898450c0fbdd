// The runtime verifier: always on in conformance runs, like Driver Verifier. It listens to the machine's trace
// synchronously (a listener runs inside the access, so the running thread's frames are the driver's stack at the
// event), keeps its own provenance ledger of calls, caller buffers and marshalled buffers, and reports each broken
// rule with the event that proves it. It takes the trace's raw words (no object per event: event-view.ts).
import { Ev, type Leak, type Machine, type ShutdownReport } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import { buildAccess, checkAccess, mayMatter, suspicious } from './access.js'
import { VerifierCore } from './core.js'
import { ACCESS_ORDER, DETECTORS } from './detectors.js'
import { EventView } from './event-view.js'
import { faultedDirect } from './rules/caller-buffer-not-closed.js'
import type { EventHandler } from './types.js'
import type { Violation } from './violation.js'

export interface VerifierOptions {
  mode: Mode
  /** Only this driver DLL is under test (e.g. "serial.dll"); every driver when omitted. */
  driver?: string
}

const KINDS: readonly Ev[] = [
  Ev.ApiCall,
  Ev.ApiReturn,
  Ev.MemRead,
  Ev.MemWrite,
  Ev.Fault,
  Ev.ProcessExit,
  Ev.EntryEnter,
  Ev.EntryExit,
  Ev.DriverException,
  Ev.Hang,
  Ev.Bugcheck,
  Ev.Marshal,
  Ev.Privileged,
  Ev.Note,
]

const ALLOCATORS = new Set(['LocalAlloc', 'VirtualAlloc'])

/** Whether the ApiCall/ApiReturn of each interned API name matters to the verifier (decided once per name id). */
class ApiFilter {
  private readonly known: number[] = []

  constructor(
    private readonly machine: Machine,
    private readonly names: ReadonlySet<string>,
  ) {}

  wanted(id: number): boolean {
    let k = this.known[id]
    if (k === undefined) this.known[id] = k = this.names.has(this.machine.trace.name(id)) ? 1 : 0
    return k === 1
  }
}

/**
 * The detectors' handlers by event kind and the API names they ask for: the same for every verifier, so built once
 * (performance: a verifier is attached to each machine of a property run, one per generated case). Read only.
 */
let tables: { handlers: EventHandler[][]; apiNames: ReadonlySet<string> } | null = null

function detectorTables(): { handlers: EventHandler[][]; apiNames: ReadonlySet<string> } {
  if (tables) return tables
  const handlers: EventHandler[][] = []
  for (const d of DETECTORS) for (const [k, h] of Object.entries(d.events ?? {})) (handlers[Number(k)] ??= []).push(h)
  tables = { handlers, apiNames: new Set([...ALLOCATORS, ...DETECTORS.flatMap((d) => d.apis ?? [])]) }
  return tables
}

export class Verifier {
  private readonly core: VerifierCore
  private readonly handlers: readonly (readonly EventHandler[])[]
  private readonly off: () => void
  /** Size asked by each thread's pending LocalAlloc/VirtualAlloc (to un-poison reused bytes). */
  private readonly allocSize = new Map<number, number>()
  private finished = false
  private readonly view: EventView
  private readonly apis: ApiFilter

  constructor(machine: Machine, readonly opts: VerifierOptions) {
    this.core = new VerifierCore(machine, opts.mode, opts.driver)
    const { handlers, apiNames } = detectorTables()
    this.handlers = handlers
    this.view = new EventView(machine.trace)
    this.apis = new ApiFilter(machine, apiNames)
    this.off = machine.trace.subscribeRaw((kind, a, b, c, d, seq, tid) => {
      if ((kind === Ev.ApiCall || kind === Ev.ApiReturn) && !this.apis.wanted(a)) return
      this.view.set(kind, a, b, c, d, seq, tid)
      this.onEvent(this.view)
    }, KINDS)
  }

  get violations(): Violation[] {
    return this.core.violations
  }

  /**
   * Whether a leak of machine.shutdown() held nothing: a direct caller buffer the driver faulted on and so never
   * closed (CE6-M04 does not report it; rules/caller-buffer-not-closed.ts says why).
   */
  heldNothing(leak: Leak): boolean {
    if (leak.kind !== 'caller-buffer' || leak.buffer === undefined) return false
    const b = this.core.buffers.get(leak.buffer)
    return b !== undefined && faultedDirect(b)
  }

  /** End of run: leaks, hangs and the bugcheck of machine.shutdown(). Returns every violation of the run. */
  finish(report: ShutdownReport): Violation[] {
    if (!this.finished) {
      this.finished = true
      for (const d of DETECTORS) d.finish?.(report, this.core)
    }
    return this.core.violations
  }

  dispose(): void {
    this.off()
  }

  private onEvent(e: EventView): void {
    const v = this.core
    this.before(e)
    if (e.kind === Ev.Fault || ((e.kind === Ev.MemRead || e.kind === Ev.MemWrite) && mayMatter(e, v))) {
      const a = buildAccess(e, v)
      if (a && suspicious(a, v)) checkAccess(a, v, ACCESS_ORDER)
    }
    const hs = this.handlers[e.kind]
    if (hs) for (let i = 0; i < hs.length; i++) hs[i]!(e, v)
    this.after(e)
  }

  /** Bookkeeping the detectors rely on, done before they see the event. */
  private before(e: EventView): void {
    const v = this.core
    switch (e.kind) {
      case Ev.EntryEnter: {
        const t = v.threadOf(e)
        if (t && t.frame.driver) v.params.add(v.calls.enter(e.d === 1, t, e.seq))
        break
      }
      case Ev.Marshal:
        v.buffers.onMarshal(e, e.tid, v.calls.top(e.tid), v.threadOf(e)?.driverFrame()?.entry ?? '')
        break
      case Ev.ProcessExit:
        v.exited.add(e.a)
        v.held.onExit(e, v.buffers.live())
        break
      case Ev.Note: {
        const d = e.detail as { unsafeCast?: number } | undefined
        if (d?.unsafeCast !== undefined) {
          v.unsafeCasts.set(e.tid, d.unsafeCast)
          v.unsafeCastCalls.set(e.tid, v.calls.top(e.tid))
        }
        break
      }
      case Ev.ApiCall: {
        const api = v.machine.trace.name(e.a)
        if (ALLOCATORS.has(api)) this.allocSize.set(e.tid, e.c) // LocalAlloc(flags, size), VirtualAlloc(addr, size, …)
        break
      }
      case Ev.ApiReturn:
        if (e.b !== 0 && ALLOCATORS.has(v.machine.trace.name(e.a))) v.buffers.unpoison(e.b, this.allocSize.get(e.tid) ?? 1)
        break
    }
  }

  /** A call ends after every detector has seen its last event. */
  private after(e: EventView): void {
    const v = this.core
    if (e.kind === Ev.EntryExit || (e.kind === Ev.DriverException && e.a !== 0 && !(e.detail as { udeviceCrash?: boolean })?.udeviceCrash)) {
      const call = v.calls.pop(e.tid)
      if (call) {
        v.params.returned(call)
        v.buffers.keepEvidence(call.id)
      }
      if (e.kind === Ev.EntryExit) v.faultExplained.delete(e.tid)
    }
  }
}

export function attachVerifier(machine: Machine, opts: VerifierOptions): Verifier {
  return new Verifier(machine, opts)
}

export { compareModes, type ModeObservation } from './compare-modes.js'
export { RUNTIME_RULES } from './detectors.js'
