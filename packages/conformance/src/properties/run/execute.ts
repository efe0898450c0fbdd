// Running one generated program on one machine: place each call, inject its race, start it on its thread, wait
// where the program waits, let a caller exit where it exits, then close everything, shut down and collect what the
// properties judge: each call's result and output, every violation, the leaks, and a fingerprint of the trace.
import { Ev, HangError, exportTrace, type CallResult, type Machine, type TraceEvent, type TraceExport } from '@cedk/kernel'
import type { Mode } from '../../mode.js'
import { embeddedDifference, reflectorDifference } from '../../verifier/call-observation.js'
import type { Violation } from '../../verifier/violation.js'
import { BAD_KINDS, type CallPlan, type Program } from '../arbitraries/plan.js'
import { decode, writeScalars } from '../describe/codec.js'
import { byName, type IoctlDesc, type IoctlSet } from '../describe/ioctl.js'
import { boot, type Booted, type Target } from './boot.js'
import { placeCall, type PlacedCall } from './place.js'
import { eventNamed, fireEvent, type EventPlan } from '../../stimulus/hardware-event.js'

export interface CallOutcome {
  step: number
  ioctl: string
  process: string
  thread: number
  placed: PlacedCall | null
  /** The result, or why there is none: "hang", "skipped (app0.exe exited)", the machine stopped, … */
  result: CallResult | null
  failure?: string
  /** The output buffer's first `bytes` bytes (when the buffer was real and the caller still exists). */
  output?: Uint8Array
  /** The output decoded with the IOCTL's out layout. */
  decoded?: unknown
  raced?: boolean
  /** The caller had exited when the call returned: its output is nobody's to read, in either mode. */
  callerGone?: boolean
  /** A call that succeeded with a bad buffer: whether the driver faulted on that buffer first (it swallowed the fault). */
  faultedOnBadBuffer?: boolean
  /** Why the reflector passes this call's buffers differently (call-observation.ts): the modes may differ. */
  reflectorDifference?: string
  /** The trace while the call ran, one line per event (evidence runs only: the report of a divergence shows it). */
  trace?: string[]
  /** The call was still running in the driver when a caller began to exit (its result came after the exit). */
  runningAtExit?: boolean
}

export interface Execution {
  mode: Mode
  outcomes: CallOutcome[]
  violations: Violation[]
  leaks: number
  bugcheck: string | null
  udeviceCrashes: number
  /** Exceptions that escaped a driver entry point (the device manager or udevice caught them), as trace lines. */
  exceptions: string[]
  /** FNV-1a of every trace event (kind and operands): equal fingerprints, identical runs. */
  fingerprint: string
  /** The run's whole trace (cedk-trace/1, the newest 2000 events at most): evidence runs only, for the HTML report. */
  trace?: TraceExport
}

export const THREADS = 2

/**
 * Run `program` on a fresh machine in `mode`. `evidence` true (the final run of a failing property) also keeps what
 * only a report needs: the JavaScript stacks of access violations and each call's trace lines. The search's many
 * cases run without; the trace, results and verdicts are the same either way.
 */
export async function execute(t: Target, set: IoctlSet, program: Program, mode: Mode, seed: number, evidence = true): Promise<Execution> {
  const b = await boot(t, mode, seed, program.schedule, program.procs, THREADS, evidence)
  const outcomes: CallOutcome[] = []
  const exceptions: string[] = []
  const off = b.m.trace.subscribe((e) => void exceptions.push(b.m.trace.format(e)), [Ev.DriverException])
  try {
    await runSteps(b, { ...t, set }, program, outcomes, evidence)
    for (const c of b.callers) if (!c.proc.exited) await settle(c.proc.CloseHandle(c.handle))
  } catch (e) {
    if (!b.m.bugcheck && !(e instanceof HangError)) throw e
  }
  off()
  const report = await b.m.shutdown()
  const violations = b.verifier.finish(report)
  b.verifier.dispose()
  const x: Execution = {
    mode,
    outcomes,
    violations,
    leaks: report.leaks.filter((l) => !b.verifier.heldNothing(l)).length,
    bugcheck: b.m.bugcheck ? String((b.m.bugcheck as Error).message ?? b.m.bugcheck) : null,
    udeviceCrashes: b.m.udevices.crashes.length,
    exceptions,
    fingerprint: b.m.trace.fingerprint(),
    ...(evidence ? { trace: exportTrace(b.m.trace, {}, b.m.processes) } : {}),
  }
  b.m.dispose() // everything the properties judge is in `x`: the trace ring can serve the next case
  return x
}

async function runSteps(b: Booted, t: Pick<Target, 'events'> & { set: IoctlSet }, program: Program, outcomes: CallOutcome[], evidence: boolean): Promise<void> {
  const set = t.set
  // The call each caller thread has running, keyed proc * THREADS + thread.
  const busy = new Map<number, Promise<unknown>>()
  const fire = (plans: readonly EventPlan[]) => fireEvents(b, t.events ?? [], plans)
  const firedAt = (i: number) => (program.events ?? []).filter((e) => e.afterStep === i)
  for (let i = 0; i < program.steps.length; i++) {
    const s = program.steps[i]!
    const c = b.callers[s.proc]!
    const d = byName(set, s.call.ioctl)
    const o: CallOutcome = { step: i, ioctl: d.name, process: c.proc.name, thread: s.thread, placed: null, result: null }
    outcomes.push(o)
    if (c.proc.exited || c.proc.process.exiting) {
      o.failure = `skipped (${c.proc.name} exited)`
      continue
    }
    const key = s.proc * THREADS + s.thread
    const thread = c.threads[s.thread]!
    const events = firedAt(i)
    if (s.wait && busy.size === 0 && program.exit?.afterStep !== i && events.length === 0) {
      // A call on its own (the usual step): nothing else runs, so it is simply awaited.
      await startCall(b, thread, c.handle, d, s.call, o, evidence)
      if (b.m.bugcheck) return
      continue
    }
    await busy.get(key) // a thread makes one call at a time
    const run = startCall(b, thread, c.handle, d, s.call, o, evidence)
    busy.set(key, run)
    if (program.exit?.afterStep === i) {
      // What had not returned yet returns after the exit: the listing shows it there (replay-format.ts).
      for (const x of outcomes) if (x.placed && !x.result && !x.failure) x.runningAtExit = true
      await exitCaller(b, program.exit.proc, program.exit.advanceMs)
    }
    // While the call may be blocked in the driver: an IST completing it is the path the event is for.
    await fire(events)
    if (s.wait) {
      await Promise.all(busy.values())
      busy.clear() // every call has returned: nothing left to wait for
    }
    if (b.m.bugcheck) return
  }
  // Events planned after a step the program does not have fire once every step has started.
  await fire((program.events ?? []).filter((e) => e.afterStep >= program.steps.length))
  await Promise.all(busy.values())
}

async function fireEvents(b: Booted, events: NonNullable<Target['events']>, plans: readonly EventPlan[]): Promise<void> {
  for (const p of plans) {
    if (b.m.bugcheck) return
    await fireEvent({ machine: b.m, hardware: b.hardware }, eventNamed(events, p.event), p.delayMs)
  }
}

async function exitCaller(b: Booted, proc: number, advanceMs: number): Promise<void> {
  const c = b.callers[proc]
  if (!c || c.proc.exited) return
  await c.proc.exit()
  await b.m.advance(advanceMs)
}

function startCall(b: Booted, thread: Booted['callers'][number]['threads'][number], h: number, d: IoctlDesc, call: CallPlan, o: CallOutcome, evidence: boolean): Promise<void> {
  const proc = thread.process
  const placed = placeCall(proc, d, call)
  o.placed = placed
  const differs = reflectorDifference(proc.process.space, placed.pIn, placed.nIn, placed.pOut, placed.nOut) ?? embeddedDifference(proc.process.space, placed.pointers)
  if (differs) o.reflectorDifference = differs
  const off = call.race ? injectRace(b.m, proc, d, call, placed, o) : undefined
  const from = b.m.trace.count
  const done = (r: CallResult | string): void => {
    off?.()
    if (evidence) o.trace = traceLines(b.m, from)
    if (typeof r === 'string') o.failure = r
    else o.result = r
    if (o.result?.ok && (BAD_KINDS.has(call.inBuf.kind) || badOut(call))) o.faultedOnBadBuffer = faultedOn(b.m, from, placed, call)
    if (proc.exited) o.callerGone = true
    if (placed.outReadable && !proc.exited && placed.pOut) readOutput(proc, d, placed, o)
  }
  return thread.DeviceIoControl(h, d.code, placed.pIn, placed.nIn, placed.pOut, placed.nOut).then(done, (e: unknown) => done(stopReason(e)))
}

function readOutput(proc: Booted['callers'][number]['proc'], d: IoctlDesc, placed: PlacedCall, o: CallOutcome): void {
  const n = Math.min(placed.outSize, placed.nOut)
  try {
    o.output = proc.read(placed.pOut, n)
    if (d.out && o.result?.ok) o.decoded = decode(d.out, o.output)
  } catch {
    // the buffer was not the caller's to read back (read-only is readable; a wrapped length may not be)
  }
}

/** An output buffer no driver may write: a bad pointer, or a page the caller may only read. */
const badOut = (call: CallPlan): boolean => BAD_KINDS.has(call.outBuf.kind) || call.outBuf.kind === 'readonly'

/** Whether an access fault since `from` hit a bad buffer of this call (only asked of a call that succeeded with one). */
function faultedOn(m: Machine, from: number, placed: PlacedCall, call: CallPlan): boolean {
  const ranges: [number, number][] = []
  if (BAD_KINDS.has(call.inBuf.kind)) ranges.push([placed.pIn >>> 0, Math.max(placed.nIn, 1)])
  if (badOut(call)) ranges.push([placed.pOut >>> 0, Math.max(placed.nOut, 1)])
  let hit = false
  m.trace.eachRaw((kind, address) => {
    if (kind === Ev.Fault && ranges.some(([p, n]) => address >>> 0 >= p && (address >>> 0) - p < n)) hit = true
  }, from)
  return hit
}

/** Lines of a call's trace shown at most; the rest is counted. */
const TRACE_LINES = 40

/** The events from `from` to now, formatted (those of overlapping calls included: they ran meanwhile). */
function traceLines(m: Machine, from: number): string[] {
  const to = m.trace.count
  const lines: string[] = []
  for (let seq = from; seq < Math.min(to, from + TRACE_LINES); seq++) {
    const e = m.trace.get(seq)
    if (e) lines.push(m.trace.format(e).trim())
  }
  if (to - from > TRACE_LINES) lines.push(`… ${to - from - TRACE_LINES} more events`)
  return lines
}

/** What stopped a call (a hang, a bugcheck), as text. */
function stopReason(e: unknown): string {
  return e instanceof HangError ? 'hang' : `stopped: ${(e as Error).message ?? String(e)}`
}

/** A call's result, or what stopped it as text. */
function settle<T>(p: Promise<T>): Promise<T | string> {
  return p.catch(stopReason)
}

/**
 * After the driver's `afterReads`-th read of the input buffer, the caller's other thread rewrites it. The read is
 * seen in its trace event, so the rewrite lands between that fetch and the next, every time. In udevice the driver
 * reads an alias of the caller's pages: the reflector's mapping event says where.
 */
function injectRace(m: Machine, proc: Booted['callers'][number]['proc'], d: IoctlDesc, call: CallPlan, placed: PlacedCall, o: CallOutcome): () => void {
  const ranges: [number, number][] = [[placed.pIn, placed.pIn + placed.nIn]]
  let reads = 0
  const race = call.race!
  const bytes = encodeRace(d, race.input, placed)
  const off = m.trace.subscribe(
    (e: TraceEvent) => {
      if (e.kind === Ev.Mapping && e.d === 0 && e.a === placed.pIn) ranges.push([e.c, e.c + e.b])
      if (e.kind !== Ev.MemRead || o.raced || !ranges.some(([lo, hi]) => e.a < hi && e.a + e.b > lo)) return
      if (++reads < race.afterReads) return
      o.raced = true
      if (!proc.exited) proc.write(placed.pIn, bytes)
    },
    [Ev.MemRead, Ev.Mapping],
  )
  return off
}

/** The race's values over the placed input: scalars (lengths included) replaced, pointers kept as placed. */
function encodeRace(d: IoctlDesc, input: Record<string, unknown>, placed: PlacedCall): Uint8Array {
  const out = placed.input.slice()
  writeScalars(d.in!, out, input)
  return out.subarray(0, Math.min(out.length, placed.nIn))
}
