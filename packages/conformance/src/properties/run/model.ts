// Models: a plain TS model of the driver's state, and for each IOCTL what a valid call must give. fast-check
// `commands` built from the descriptions run random sequences of valid calls against the driver and the model
// side by side; the first disagreement fails the run and shrinks to the shortest sequence that shows it.
import fc from 'fast-check'
import type { Mode } from '../../mode.js'
import type { CallPlan } from '../arbitraries/plan.js'
import { validCallOf } from '../arbitraries/valid.js'
import { decode } from '../describe/codec.js'
import type { InputOf, IoctlDesc, IoctlSet, OutputOf } from '../describe/ioctl.js'
import { boot, type Booted, type Target } from './boot.js'
import { placeCall } from './place.js'
import { valueText } from './replay-format.js'

/** What a valid call must give: success or the error, and (on success) the decoded output. */
export interface Expected<O> {
  ok: boolean
  lastError?: number
  output?: O
}

/** A model of a driver whose IOCTLs are `S`: its initial state and, per IOCTL, the expected answer (and new state). */
export interface DriverModel<S extends IoctlSet = IoctlSet, M = unknown> {
  initial(): M
  ioctls: { [D in S[number] as D['name']]?: (state: M, input: InputOf<D>) => Expected<OutputOf<D>> }
}

interface Real {
  b: Booted
  /** Every call so far, for the report. */
  log: string[]
}

type Step = (state: unknown, input: unknown) => Expected<unknown>

class IoctlCommand implements fc.AsyncCommand<{ state: unknown }, Real> {
  constructor(
    readonly d: IoctlDesc,
    readonly call: CallPlan,
    readonly step: Step,
  ) {}

  check(): boolean {
    return true
  }

  async run(model: { state: unknown }, real: Real): Promise<void> {
    const c = real.b.callers[0]!
    const placed = placeCall(c.proc, this.d, this.call)
    const input = this.d.in ? decode(this.d.in, placed.input) : undefined
    const r = await c.proc.DeviceIoControl(c.handle, this.d.code, placed.pIn, placed.nIn, placed.pOut, placed.nOut)
    const out = this.d.out && r.ok ? decode(this.d.out, c.proc.read(placed.pOut, this.d.out.size)) : undefined
    const want = this.step(model.state, input)
    const got = `${r.ok ? 'TRUE' : `FALSE ${r.error}`}${out && this.d.out ? ` ${valueText(this.d.out, out)}` : ''}`
    real.log.push(`${this.toString()} → ${got}`)
    const problem = mismatch(want, r.ok, r.lastError, out)
    if (problem) throw new Error(`model mismatch at ${this.toString()}: ${problem}\n  calls:\n    ${real.log.join('\n    ')}`)
  }

  toString(): string {
    const input = this.d.in && this.call.input ? `(${valueText(this.d.in, this.call.input)})` : '()'
    return `${this.d.name}${input}`
  }
}

function mismatch(want: Expected<unknown>, ok: boolean, lastError: number, out: unknown): string | null {
  if (want.ok !== ok) return `the model expects ${want.ok ? 'TRUE' : 'FALSE'}, the driver returned ${ok ? 'TRUE' : `FALSE (error ${lastError})`}`
  if (!ok && want.lastError !== undefined && want.lastError !== lastError) return `the model expects error ${want.lastError}, the driver set ${lastError}`
  if (ok && want.output !== undefined && JSON.stringify(want.output) !== JSON.stringify(out)) return `the model expects ${JSON.stringify(want.output)}, the driver wrote ${JSON.stringify(out)}`
  return null
}

/** The commands of a model: one per IOCTL it describes, each a valid call generated from the description. */
export function modelCommands(set: IoctlSet, model: DriverModel, maxCommands = 16): fc.Arbitrary<Iterable<fc.AsyncCommand<{ state: unknown }, Real>>> {
  const steps = model.ioctls as Record<string, Step | undefined>
  const arbs = set.filter((d) => steps[d.name]).map((d) => validCallOf(d).map((call) => new IoctlCommand(d, call, steps[d.name]!)))
  return fc.commands(arbs, { maxCommands })
}

/** Run one command sequence on a fresh machine in `mode`; resolves with the problems (none: the model agrees). */
export async function runModel(t: Target, model: DriverModel, mode: Mode, seed: number, cmds: Iterable<fc.AsyncCommand<{ state: unknown }, Real>>): Promise<string[]> {
  const b = await boot(t, mode, seed, [], 1, 1)
  const real: Real = { b, log: [] }
  try {
    await fc.asyncModelRun(() => ({ model: { state: model.initial() }, real }), cmds)
    return []
  } catch (e) {
    return [(e as Error).message]
  } finally {
    b.verifier.dispose()
    await b.m.shutdown()
    b.m.dispose()
  }
}
