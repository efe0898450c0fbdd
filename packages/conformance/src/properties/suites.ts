// The property suites of a driver: for each mode, the kernel never crashes, the verifier reports nothing, bad
// pointers give errors, resources balance; kernel and udevice agree; and, given a model, the driver agrees with
// it. `propertySuites` registers them as vitest tests inside the current describe; `checkDriver` runs one of them
// and returns its failure (the tests of the framework itself use it).
import { describe, expect, test } from 'vitest'
import type { DriverModule } from '@cedk/kernel'
import { MODES, type Mode } from '../mode.js'
import type { ConformanceOptions, DriverOptions } from '../spec-api/options.js'
import { checkEvents } from '../stimulus/hardware-event.js'
import { ALL_CLASSES, programArb } from './arbitraries/interleavings.js'
import type { HostileClass } from './arbitraries/hostile.js'
import type { Program } from './arbitraries/plan.js'
import type { IoctlSet } from './describe/ioctl.js'
import type { Target } from './run/boot.js'
import { checkProperty, type PropertyFailure } from './run/check.js'
import { judge, RUN_PROPERTIES, type PropertyName, type RunProperty } from './run/checks.js'
import { divergences } from './run/equivalence.js'
import { execute, type Execution } from './run/execute.js'
import { modelCommands, runModel, type DriverModel } from './run/model.js'
import { parseReplay, programText, replayCommand, type ReplayToken } from './run/replay-format.js'
import { propertyResult } from './run/property-result.js'
import type { PropertyCase } from '../report/case-record.js'
import { propertyRuns, propertySeed, testSeed } from './settings.js'
import type { PropertyFailureMeta } from '../report/property-record.js'

export interface PropertyOptions<S extends IoctlSet = IoctlSet> extends Pick<DriverOptions, 'registry' | 'key' | 'hardware' | 'drivers' | 'modes'>, Pick<ConformanceOptions, 'events'> {
  ioctls: S
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model?: DriverModel<any, any>
  /** Runs per property (CEDK_RUNS overrides it). */
  numRuns?: number
  /** The seed (default: vitest's sequence.seed, else the run's). */
  seed?: number
  /** The properties to check (default: all that apply). */
  properties?: readonly PropertyName[]
  /** The hostile classes mixed into generated programs (default: all). */
  classes?: readonly HostileClass[]
  maxSteps?: number
}

export interface PropertyReport {
  id: string
  failure: PropertyFailure<unknown, Execution[]>
  /** The readable report: problems, the shrunk program with what each mode gave, seed and path. */
  text: string
}

const target = (driver: DriverModule, o: PropertyOptions): Target => ({ driver, registry: o.registry, ...(o.key && { key: o.key }), ...(o.hardware && { hardware: o.hardware }), ...(o.drivers && { drivers: o.drivers }), ...(o.events && { events: checkEvents(o.events) }) })

const programs = (o: PropertyOptions, classes: readonly HostileClass[]) => programArb(o.ioctls, { classes: o.classes ?? classes, ...(o.maxSteps && { maxSteps: o.maxSteps }), ...(o.events?.length && { events: o.events.map((e) => e.name) }) })

/** The hostile classes each property draws from. */
const CLASSES: Record<RunProperty | 'equivalence', readonly HostileClass[]> = {
  'no-crash': ALL_CLASSES,
  'no-violation': ALL_CLASSES,
  'errors-not-faults': ['null', 'kernel', 'unmapped', 'guard', 'readonly', 'wrap'],
  'resources-balance': ALL_CLASSES,
  // A length past the caller's allocation is not compared: the kernel checks only the range a driver touches,
  // the reflector maps the whole stated range and refuses the call (CE6 does the same). Both are the caller's fault.
  equivalence: ALL_CLASSES.filter((c) => c !== 'overrun'),
}

/** Check property `prop` of `driver` (in `mode`; equivalence uses both). Null when it holds for every run. */
export async function checkDriver(driver: DriverModule, o: PropertyOptions, prop: PropertyName, mode: Mode, run: { seed: number; numRuns: number; path?: string }): Promise<PropertyReport | null> {
  const t = target(driver, o)
  const id = prop === 'equivalence' ? prop : `${prop}/${mode}`
  if (prop === 'model') return modelCheck(t, o, mode, id, run)
  const arb = programs(o, CLASSES[prop])
  const judgeCase = async (p: Program, final: boolean) => {
    if (prop === 'equivalence') {
      const xs = [await execute(t, o.ioctls, p, 'kernel', run.seed, final), await execute(t, o.ioctls, p, 'udevice', run.seed, final)]
      return { problems: divergences(xs[0]!, xs[1]!, driver.dll).map((v) => v.message), detail: xs }
    }
    const x = await execute(t, o.ioctls, p, mode, run.seed, final)
    return { problems: judge(prop, x, o.ioctls, p), detail: [x] }
  }
  const failure = await checkProperty(arb, judgeCase, run)
  if (!failure) return null
  const text = [
    `property ${prop}${prop === 'equivalence' ? ' (kernel vs udevice)' : ` in ${mode} mode`} fails for ${driver.dll}:`,
    ...failure.problems.map((s) => `  ✗ ${s.split('\n').join('\n    ')}`),
    ...(failure.error ? [`  ✗ ${failure.error}`] : []),
    `shrunk program (${failure.numShrinks} shrinks):`,
    programText(o.ioctls, failure.counterexample, failure.detail ?? []),
    `seed ${failure.seed}, path ${failure.path}${failure.detail?.length ? `, trace ${failure.detail.map((x) => `${x.mode} ${x.fingerprint}`).join(', ')}` : ''}`,
  ].join('\n')
  return { id, failure: failure as PropertyFailure<unknown, Execution[]>, text }
}

async function modelCheck(t: Target, o: PropertyOptions, mode: Mode, id: string, run: { seed: number; numRuns: number; path?: string }): Promise<PropertyReport | null> {
  if (!o.model) return null
  const model = o.model as DriverModel
  // Command sequences replay from the seed alone (fast-check's path replay of commands needs its own replayPath).
  const { path: _path, ...bySeed } = run
  const failure = await checkProperty(modelCommands(o.ioctls, model), async (cmds) => ({ problems: await runModel(t, model, mode, run.seed, cmds), detail: [] as Execution[] }), bySeed)
  if (!failure) return null
  const text = [`property model in ${mode} mode fails for ${t.driver.dll}:`, ...failure.problems.map((s) => `  ✗ ${s}`), ...(failure.error ? [`  ✗ ${failure.error}`] : []), `shrunk commands (${failure.numShrinks} shrinks): ${String(failure.counterexample)}`, `seed ${failure.seed}, path ${failure.path} (commands replay from the seed)`].join('\n')
  return { id, failure: failure as PropertyFailure<unknown, Execution[]>, text }
}

/**
 * Options known only when the tests run (descriptions inferred by probing the driver), and what a failure adds to
 * its report (the inferred description). Null: nothing to check.
 */
export type ResolveOptions = () => Promise<{ options: PropertyOptions; note: string } | null>

/** Deferred suites: where their options come from, the describe's title, and a prefix keeping their replay ids apart. */
export interface Deferred {
  resolve: ResolveOptions
  title: string
  idPrefix: string
}

/**
 * The property tests of `driver`, registered in the current describe (or a new one). When `deferred`, each test
 * takes its options from it when it runs (`o` then only says which tests there are).
 */
export function propertySuites(driver: DriverModule, o: PropertyOptions, deferred?: Deferred): void {
  const get: ResolveOptions = deferred?.resolve ?? (async () => ({ options: o, note: '' }))
  const pre = deferred?.idPrefix ?? ''
  describe(deferred?.title ?? `properties of ${driver.dll}`, () => {
    const modes = o.modes ?? MODES
    const wanted = new Set<PropertyName>(o.properties ?? [...RUN_PROPERTIES, 'equivalence', 'model'])
    for (const mode of modes) for (const prop of RUN_PROPERTIES) if (wanted.has(prop)) propertyTest(driver, get, prop, mode, pre)
    if (wanted.has('equivalence') && modes.length === 2) propertyTest(driver, get, 'equivalence', 'kernel', pre)
    if (wanted.has('model') && o.model) for (const mode of modes) propertyTest(driver, get, 'model', mode, pre)
  })
}

function propertyTest(driver: DriverModule, get: ResolveOptions, prop: PropertyName, mode: Mode, idPrefix: string): void {
  const id = `${idPrefix}${prop === 'equivalence' ? prop : `${prop}/${mode}`}`
  const name = prop === 'equivalence' ? 'equivalence: kernel and udevice give the same results' : `${prop} in ${mode} mode`
  const planned: PropertyCase = { kind: 'property', dll: driver.dll, ...(driver.source && { definition: driver.source }), mode, ...(prop === 'equivalence' && { alsoIn: 'udevice' as const }), property: id }
  test(name, { timeout: 120_000, meta: { cedk: planned } }, async ({ task }) => {
    const resolved = await get()
    if (!resolved) return
    const o = resolved.options
    const replay = parseReplay(process.env.CEDK_REPLAY)
    const mine = replay?.id === id ? replay : null
    const seed = mine?.seed ?? testSeed(propertySeed(o.seed), id)
    const r = await checkDriver(driver, o, prop, mode, { seed, numRuns: propertyRuns(o.numRuns), ...(mine && { path: mine.path }) })
    // Its findings go to the report's cells (report/json-report.ts), as the generated scenarios' do.
    task.meta.cedk = { ...planned, result: propertyResult(r?.failure, id, driver.dll, mode) }
    if (!r) return
    const token = { id, seed: r.failure.seed, path: r.failure.path }
    const shown = withNote(r, resolved.note)
    // For the report (the HTML report shows the shrunk program and the counterexample's trace in each mode).
    const record: PropertyFailureMeta = {
      dll: driver.dll,
      property: id,
      text: shown.text,
      replay: replayOf(token),
      traces: (r.failure.detail ?? []).flatMap((x) => (x.trace ? [{ mode: x.mode, trace: x.trace }] : [])),
    }
    Object.assign(task.meta, { cedkProperty: record })
    throw failureError(shown, token)
  })
}

/** A failure's report with what its suite adds (the inferred descriptions), as the test prints it. */
export const withNote = (r: PropertyReport, note: string): PropertyReport => (note ? { ...r, text: `${r.text}\n${note}` } : r)

/** The message a failing property test throws: the report, then the replay command of the running test. */
export const failureMessage = (r: PropertyReport, token: ReplayToken): string => `${r.text}\nreplay: ${replayOf(token)}`

/** The replay command of a failure of the running test. */
function replayOf(token: ReplayToken): string {
  const { testPath, currentTestName } = expect.getState()
  const file = testPath ? testPath.replace(`${process.cwd()}/`, '') : undefined
  return replayCommand(token, file, currentTestName?.split(' > ').at(-1))
}

function failureError(r: PropertyReport, token: ReplayToken): Error {
  const err = new Error(failureMessage(r, token))
  err.name = 'PropertyFailure'
  err.stack = `PropertyFailure: ${err.message}`
  return err
}
