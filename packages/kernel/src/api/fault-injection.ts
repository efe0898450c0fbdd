// Fault injection (issue 4): make a driver's API call fail as it does when the system runs short of memory, to
// check that the driver fails cleanly. Opt-in: machine.faults stays null until machine.injectFaults() (or the
// `faults` machine option), and the API boundary (api/base.ts) makes one null check per call when it is off.
import { ERROR_NOT_ENOUGH_MEMORY, ERROR_OUTOFMEMORY, E_OUTOFMEMORY } from '../errors/win32.js'
import { Rng } from '../process/rng.js'
import type { ExecFrame } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import type { Trace } from '../trace/trace.js'

/**
 * Which call fails. `nth`: the nth fallible call (1-based; 0 fails none and only counts). `api`: the nth call of
 * that API (default the first), fallible or not. `seed`: each fallible call fails with probability `rate`.
 * `driver` limits counting and failing to the calls of one driver DLL.
 */
export type FaultPlan =
  | { readonly nth: number; readonly driver?: string }
  | { readonly api: string; readonly nth?: number; readonly driver?: string }
  | { readonly seed: number; readonly rate: number; readonly driver?: string }

/** One fallible call a driver made: the API and its call site. */
export interface FaultSite {
  readonly api: string
  /** "serial.dll!COM_Init: LocalAlloc #2": the second LocalAlloc of one call of COM_Init (the code location). */
  readonly site: string
}

export interface InjectedFault extends FaultSite {
  /** Which call it was, 1-based: among the fallible calls, or among the calls of the API for an `{ api }` plan. */
  readonly call: number
  readonly driver: string
  /** The last error (or the HRESULT, for the marshalling helpers) the call failed with. */
  readonly error: number
}

/**
 * The APIs a fault can hit and the error each fails with when memory runs out. Allocations and object creation
 * set ERROR_NOT_ENOUGH_MEMORY or ERROR_OUTOFMEMORY (as CE's heap and handle table do); the marshalling helpers
 * return E_OUTOFMEMORY. Frees, closes and waits are left alone: a failed free would leak by the injector's doing.
 */
export const FALLIBLE_APIS: Readonly<Record<string, number>> = {
  LocalAlloc: ERROR_NOT_ENOUGH_MEMORY,
  VirtualAlloc: ERROR_NOT_ENOUGH_MEMORY,
  CeVirtualSharedAlloc: ERROR_NOT_ENOUGH_MEMORY,
  MmMapIoSpace: ERROR_NOT_ENOUGH_MEMORY,
  CreateStaticMapping: ERROR_NOT_ENOUGH_MEMORY,
  CreateEvent: ERROR_OUTOFMEMORY,
  CreateMutex: ERROR_OUTOFMEMORY,
  CreateSemaphore: ERROR_OUTOFMEMORY,
  CreateThread: ERROR_OUTOFMEMORY,
  CeOpenCallerBuffer: E_OUTOFMEMORY,
  CeAllocDuplicateBuffer: E_OUTOFMEMORY,
  CeAllocAsynchronousBuffer: E_OUTOFMEMORY,
}

export class FaultInjector {
  /** Every fallible call counted so far, in order (a systematic run fails each distinct site in turn). */
  readonly calls: FaultSite[] = []
  readonly injected: InjectedFault[] = []
  private readonly rng: Rng | null
  private readonly perFrame = new WeakMap<ExecFrame, Map<string, number>>()
  private apiCalls = 0

  constructor(
    readonly plan: FaultPlan,
    private readonly trace: Trace,
  ) {
    this.rng = 'seed' in plan ? new Rng(plan.seed) : null
  }

  /** Called at the API boundary: the error to fail this call with, or 0 to let it run. */
  check(api: string, driver: string, frame: ExecFrame): number {
    const plan = this.plan
    if (plan.driver !== undefined && plan.driver !== driver) return 0
    if ('api' in plan) {
      if (api !== plan.api) return 0
      const site: FaultSite = { api, site: this.siteOf(api, frame) }
      return ++this.apiCalls === (plan.nth ?? 1) ? this.inject(site, this.apiCalls, driver, FALLIBLE_APIS[api] ?? ERROR_NOT_ENOUGH_MEMORY) : 0
    }
    const error = FALLIBLE_APIS[api]
    if (error === undefined) return 0
    const site: FaultSite = { api, site: this.siteOf(api, frame) }
    this.calls.push(site)
    const fail = 'seed' in plan ? this.rng!.nextU32() / 0x1_0000_0000 < plan.rate : this.calls.length === plan.nth
    return fail ? this.inject(site, this.calls.length, driver, error) : 0
  }

  private inject(site: FaultSite, call: number, driver: string, error: number): number {
    const f: InjectedFault = { ...site, call, driver, error }
    this.injected.push(f)
    if (this.trace.enabled) this.trace.emit(Ev.Note, this.trace.intern(site.api), call, error >>> 0, 0, { faultInjected: f })
    return error
  }

  /** The code location of a call: its frame's label and which call of `api` it is within that frame. */
  private siteOf(api: string, frame: ExecFrame): string {
    let m = this.perFrame.get(frame)
    if (!m) this.perFrame.set(frame, (m = new Map()))
    const n = (m.get(api) ?? 0) + 1
    m.set(api, n)
    return `${frame.label}: ${api} #${n}`
  }
}

/** How reports name a fault: "LocalAlloc failing at serial.dll!COM_Init: LocalAlloc #2 (fallible call 3, error 8)". */
export function describeFault(f: InjectedFault): string {
  const e = f.error >>> 0
  return `${f.api} failing at ${f.site} (fallible call ${f.call}, error ${e > 0xffff ? '0x' + e.toString(16).toUpperCase() : e})`
}
