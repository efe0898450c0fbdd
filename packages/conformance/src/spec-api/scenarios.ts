// The explicit scenario set of the generated suite: what a conformance run does to the driver in each mode, one
// fresh machine per scenario so one scenario's damage cannot hide in another's findings.
import { Bugcheck, GENERIC_READ, GENERIC_WRITE, HangError, type CallResult, type CallerProcess, type DriverModule } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type { Family } from '../rules/family.js'
import type { Verdict } from '../verifier/violation.js'
import { violationRecord, type ScenarioFailure, type ViolationRecord } from '../report/case-record.js'
import { withTraces } from './violation-trace.js'
import { bootDriver, type DriverMachine } from './driver-machine.js'
import type { ModeObservation } from '../verifier/compare-modes.js'
import { observed } from './observer.js'
import type { ConformanceOptions, IoctlSpec } from './options.js'
import { toIoctlSpec } from '../properties/ioctl-spec.js'
import { checkEvents, type HardwareEvent } from '../stimulus/hardware-event.js'
import { stimulusScenario } from '../stimulus/stimulus-scenario.js'

/** First-level pointers no caller may pass: NULL, a kernel address, user space nobody mapped. */
export const BAD_POINTERS = [
  { name: 'NULL', address: 0 },
  { name: 'a kernel address', address: 0x80001000 },
  { name: 'an unmapped user address', address: 0x5fff0000 },
] as const

export interface Scenario {
  title: string
  run(s: ScenarioRun): Promise<void>
}

/** Stops a scenario that cannot go on (the driver did not load, nothing to open), with the verdict it earns. */
export class ScenarioAbort extends Error {
  constructor(
    readonly verdict: Verdict,
    message: string,
  ) {
    super(message)
  }
}

/** The driver did not load: no scenario can run in this mode (each would start with the same activation). */
export class DriverNotLoaded extends ScenarioAbort {
  constructor(
    message: string,
    /** Whether the verifier recorded why (a rule broken during the activation): then that finding is the result. */
    readonly explained: boolean,
  ) {
    super('driver-crash', message)
  }
}

export class ScenarioRun {
  readonly failures: Omit<ScenarioFailure, 'scenario'>[] = []
  /** What each device call of the scenario gave (CE6-R07 compares them across modes). */
  readonly observations: ModeObservation[] = []
  hDevice = 0
  deviceName = ''

  constructor(readonly dm: DriverMachine) {}

  /** Record a failed expectation; robustness is the family of "errors are returned instead of faults". */
  fail(verdict: Verdict, message: string, family: Family = 'robustness', incomplete = false): void {
    this.failures.push(incomplete ? { family, verdict, message, incomplete } : { family, verdict, message })
  }

  async activate(): Promise<void> {
    const act = await this.dm.activate()
    if (!act.ok) throw new DriverNotLoaded(`the driver did not load: ${this.dm.whyNotLoaded(act)}`, this.dm.verifier.violations.length > 0)
    this.hDevice = act.handle
    this.deviceName = act.device?.legacyName ?? act.device?.name ?? ''
  }

  async deactivate(): Promise<void> {
    const r = await this.dm.machine.DeactivateDevice(this.hDevice)
    if (!r.ok) this.fail('violation', `DeactivateDevice failed with ${r.error}`)
  }

  process(name: string): CallerProcess {
    return observed(this.dm.machine.createProcess(name), this.observations)
  }

  async open(p: CallerProcess, access = GENERIC_READ | GENERIC_WRITE): Promise<number> {
    if (!this.deviceName) throw new ScenarioAbort('harness-error', 'the device has no name (no Prefix in its key): there is nothing to open')
    const r = await p.CreateFile(this.deviceName, access)
    if (!r.ok) throw new ScenarioAbort('harness-error', `${p.name}: CreateFile(${this.deviceName}) failed with ${r.error}; the scenario needs an open handle`)
    return r.handle
  }

  expectError(r: CallResult, what: string): void {
    if (r.ok) this.fail('violation', `${what} returned TRUE; expected an error return`)
  }
}

/** One call of `io` with fresh buffers of its sizes (the input's contents when the spec gives them). */
export async function ioctlWithValidBuffers(p: CallerProcess, h: number, io: IoctlSpec): Promise<CallResult> {
  const pIn = io.inSize ? p.alloc(io.inSize) : 0
  if (pIn && io.input) p.write(pIn, io.input)
  const pOut = io.outSize ? p.alloc(io.outSize) : 0
  return p.DeviceIoControl(h, io.code, pIn, io.inSize, pOut, io.outSize)
}

export function scenarios(ioctls: readonly IoctlSpec[], events: readonly HardwareEvent[] = []): Scenario[] {
  return [
    {
      title: 'load and unload',
      async run(s) {
        await s.activate()
        await s.deactivate()
      },
    },
    {
      title: 'open and close from two processes',
      async run(s) {
        await s.activate()
        const [a, b] = [s.process('app1.exe'), s.process('app2.exe')]
        const ha = await s.open(a)
        // The second opener asks for write only: a driver may rightly allow one reader (serial ports do).
        const hb = await b.CreateFile(s.deviceName, GENERIC_WRITE)
        if (hb.ok) await b.CloseHandle(hb.handle)
        await a.CloseHandle(ha)
        await s.deactivate()
      },
    },
    {
      title: 'each IOCTL with valid buffers',
      async run(s) {
        await s.activate()
        const app = s.process('app.exe')
        const h = await s.open(app)
        for (const io of ioctls) await ioctlWithValidBuffers(app, h, io)
        await app.CloseHandle(h)
        await s.deactivate()
      },
    },
    {
      title: 'bad first-level pointers',
      async run(s) {
        await s.activate()
        const app = s.process('hostile.exe')
        const h = await s.open(app)
        for (const io of ioctls) await badPointerCalls(s, app, h, io)
        await app.CloseHandle(h)
        await s.deactivate()
      },
    },
    {
      title: 'process exit with open handles',
      async run(s) {
        await s.activate()
        const app = s.process('app.exe')
        const h = await s.open(app)
        if (ioctls[0]) await ioctlWithValidBuffers(app, h, ioctls[0])
        await app.exit()
        const next = s.process('next.exe')
        const again = await next.CreateFile(s.deviceName, GENERIC_READ | GENERIC_WRITE)
        if (!again.ok) s.fail('violation', `after app.exe exited with an open handle, CreateFile(${s.deviceName}) failed with ${again.error}`)
        else await next.CloseHandle(again.handle)
        await s.deactivate()
      },
    },
    {
      title: 'deactivate with open handles',
      async run(s) {
        await s.activate()
        const app = s.process('app.exe')
        const h = await s.open(app)
        await s.deactivate()
        s.expectError(await app.DeviceIoControl(h, ioctls[0]?.code ?? 0, 0, 0, 0, 0), 'DeviceIoControl on a handle of a deactivated device')
        await app.CloseHandle(h)
      },
    },
    ...(events.length ? [stimulusScenario(ioctls, events)] : []),
  ]
}

async function badPointerCalls(s: ScenarioRun, app: CallerProcess, h: number, io: IoctlSpec): Promise<void> {
  const good = { in: io.inSize ? app.alloc(io.inSize) : 0, out: io.outSize ? app.alloc(io.outSize) : 0 }
  // Only the buffers the IOCTL uses: a driver may rightly ignore a pointer it has no use for, and NULL where the
  // IOCTL says it may be NULL.
  const bad = (optional: boolean | undefined) => BAD_POINTERS.filter((b) => !(optional && b.address === 0))
  for (const { name, address } of bad(io.optional?.in)) {
    if (!io.inSize) break
    const r = await app.DeviceIoControl(h, io.code, address, io.inSize, good.out, io.outSize)
    s.expectError(r, `${io.name} with ${name} as lpInBuf`)
  }
  for (const { name, address } of bad(io.optional?.out)) {
    if (!io.outSize) break
    const r = await app.DeviceIoControl(h, io.code, good.in, io.inSize, address, io.outSize)
    s.expectError(r, `${io.name} with ${name} as lpOutBuf`)
  }
}

/** What one mode's scenarios found: the violations (with their scenario) and the scenarios that went wrong. */
export interface ModeRun {
  dll: string
  mode: Mode
  seed: number
  scenarios: string[]
  violations: ViolationRecord[]
  failures: ScenarioFailure[]
  /** What each step gave, "<scenario>: <process> <call>", in order (CE6-R07). */
  observations?: ModeObservation[]
  /** With fault injection: the fault (or faults) of each extra run, "<scenario>, with <fault>" (fault-runs.ts). */
  faultRuns?: string[]
  /** Set when the harness could not run at all (bad registry text, no driver key, …). */
  harnessError?: string
  /**
   * Set when the driver did not load in this mode: why (the rules the verifier recorded, with their reasons). The
   * scenarios stop at the first, whose findings are the mode's result; nothing else was checked.
   */
  notLoaded?: string
}

export async function runScenarios(driver: DriverModule, options: ConformanceOptions, mode: Mode, seed: number): Promise<ModeRun> {
  const run: ModeRun = { dll: driver.dll, mode, seed, scenarios: [], violations: [], failures: [], observations: [] }
  for (const sc of scenarios((options.ioctls ?? []).map(toIoctlSpec), checkEvents(options.events))) {
    let dm: DriverMachine
    try {
      dm = bootDriver(driver, options, mode, seed)
    } catch (e) {
      run.harnessError = `cannot boot a machine for ${driver.dll}: ${messageOf(e)}`
      return run
    }
    run.scenarios.push(sc.title)
    await runOne(sc, dm, run)
    if (run.notLoaded) break
  }
  return run
}

async function runOne(sc: Scenario, dm: DriverMachine, into: ModeRun): Promise<void> {
  const s = new ScenarioRun(dm)
  try {
    await sc.run(s)
  } catch (e) {
    if (e instanceof DriverNotLoaded) into.notLoaded = e.message
    // A load failure the verifier explained is reported by its findings, once; an unexplained one is a failure.
    if (!(e instanceof DriverNotLoaded && e.explained)) s.fail(verdictOf(e), `did not complete: ${messageOf(e)}`, 'robustness', true)
  }
  let found = dm.verifier.violations
  try {
    found = await dm.shutdown()
  } catch (e) {
    s.fail('harness-error', `shutdown failed: ${messageOf(e)}`)
  }
  const format = (e: Parameters<typeof dm.machine.trace.format>[0]) => dm.machine.trace.format(e)
  into.violations.push(...withTraces(found.map((v) => violationRecord(v, sc.title, format)), found, dm.machine))
  into.failures.push(...s.failures.map((f) => ({ scenario: sc.title, ...f })))
  into.observations?.push(...s.observations.map((o) => ({ ...o, step: `${sc.title}: ${o.step}`, run: sc.title })))
}

function verdictOf(e: unknown): Verdict {
  if (e instanceof ScenarioAbort) return e.verdict
  if (e instanceof HangError) return 'hang'
  if (e instanceof Bugcheck) return 'driver-crash'
  return 'harness-error'
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
