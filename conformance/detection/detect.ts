// Running the generated suite on a detection case, by the code path conformance() takes: the scenario runs of each
// mode (with the divergences between modes and their family verdicts), and the property suites on every IOCTL given
// as a description, and on the descriptions inferred for the plain ones (`{ name, code, inSize, outSize }`), as
// conformance() registers them. What it returns is what a user would see: the rule ids flagged and which suite
// flagged each.
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  DEFAULT_RUNS,
  FAMILIES,
  INFERRED_PROPERTIES,
  MODES,
  RUN_PROPERTIES,
  checkDriver,
  inferDriver,
  modeRuns,
  testSeed,
  type ConformanceOptions,
  type Execution,
  type IoctlDesc,
  type IoctlSpec,
  type Mode,
  type ModeRun,
  type PropertyName,
  type PropertyReport,
} from '@cedk/conformance'
import type { DriverModule } from '@cedk/kernel'
import type { DetectionCase } from './detection-case.js'

/** One seed for the whole corpus: the table is the same on every run. */
export const DETECTION_SEED = 13
/**
 * Runs per property: conformance()'s default, so the table says what a spec that sets no numRuns finds (usbfn-notify's
 * one nonzero callback id in udevice came only after the tenth case of its seed).
 */
export const DETECTION_RUNS = DEFAULT_RUNS

export interface Finding {
  rule: string
  /** "scenarios (kernel)", "properties: no-violation/udevice", … */
  suite: string
}

export interface Detection {
  findings: Finding[]
  /** Scenario steps that went wrong without a rule (a call that should have failed returned TRUE, a hang, …). */
  failures: string[]
}

const isDescription = (io: unknown): io is IoctlDesc => typeof io === 'object' && io !== null && 'in' in io && 'out' in io

/** `ioctls` replaces the case's plain IOCTLs (a hand-written description, to prove a bug reachable). */
export async function detect(driver: DriverModule, c: DetectionCase, ioctls: ConformanceOptions['ioctls'] = c.ioctls): Promise<Detection> {
  const options: ConformanceOptions = {
    registry: c.registry,
    ioctls,
    ...(c.hardware && { hardware: c.hardware }),
    ...(c.events && { events: c.events }),
    seed: DETECTION_SEED,
    numRuns: DETECTION_RUNS,
  }
  const out: Detection = { findings: [], failures: [] }
  const runs = modeRuns(driver, options)
  for (const mode of MODES) scenarioFindings(await runs(mode), out)
  const described = (options.ioctls ?? []).filter(isDescription)
  if (described.length) await propertyFindings(driver, options, described, out)
  const plain = (options.ioctls ?? []).filter((io): io is IoctlSpec => !isDescription(io))
  if (plain.length) await inferredFindings(driver, options, plain, out)
  return out
}

/**
 * What conformance()'s inferred suites run (properties/infer/inferred-suites.ts): inference once, with the spec's
 * seed, then INFERRED_PROPERTIES in each mode on the inferred descriptions, each with the seed its test id gives.
 */
async function inferredFindings(driver: DriverModule, options: ConformanceOptions, plain: readonly IoctlSpec[], out: Detection): Promise<void> {
  const x = await inferDriver(driver, options, plain, DETECTION_SEED)
  const o = { ...options, ioctls: x.set }
  const wanted = new Set<PropertyName>(INFERRED_PROPERTIES)
  const props: [PropertyName, Mode][] = MODES.flatMap((m) => RUN_PROPERTIES.filter((p) => wanted.has(p)).map((p): [PropertyName, Mode] => [p, m]))
  if (wanted.has('equivalence')) props.push(['equivalence', 'kernel'])
  for (const [prop, mode] of props) {
    const id = `inferred:${prop === 'equivalence' ? prop : `${prop}/${mode}`}`
    const r = await checkDriver(driver, o, prop, mode, { seed: testSeed(DETECTION_SEED, id), numRuns: DETECTION_RUNS })
    if (r) report(r, prop, `properties (inferred): ${r.id}`, out)
  }
}

function scenarioFindings(run: ModeRun, out: Detection): void {
  if (run.harnessError) out.failures.push(`${run.mode}: ${run.harnessError}`)
  for (const v of run.violations) if (v.severity === 'error') out.findings.push({ rule: v.rule, suite: `scenarios (${run.mode})` })
  for (const f of run.failures) if (FAMILIES.some((x) => x.id === f.family)) out.failures.push(`${run.mode}: ${f.scenario}: ${f.message}`)
}

async function propertyFindings(driver: DriverModule, options: ConformanceOptions, set: readonly IoctlDesc[], out: Detection): Promise<void> {
  const o = { ...options, ioctls: set }
  const props: [PropertyName, Mode][] = [...MODES.flatMap((m) => RUN_PROPERTIES.map((p): [PropertyName, Mode] => [p, m])), ['equivalence', 'kernel']]
  for (const [prop, mode] of props) {
    const r = await checkDriver(driver, o, prop, mode, { seed: DETECTION_SEED, numRuns: DETECTION_RUNS })
    if (r) report(r, prop, `properties: ${r.id}`, out)
  }
}

/** A property failure as findings: the rules its counterexample broke (equivalence: CE6-R07), else a failure line. */
function report(r: PropertyReport, prop: PropertyName, suite: string, out: Detection): void {
  const rules = new Set((r.failure.detail as Execution[] | undefined)?.flatMap((x) => x.violations.map((v) => v.rule)) ?? [])
  if (prop === 'equivalence') rules.add('CE6-R07')
  for (const rule of rules) out.findings.push({ rule, suite })
  if (!rules.size) out.failures.push(`${suite}: ${r.text.split('\n')[1] ?? r.text}`)
}

/** The corpus's case directories, in name order. */
export function caseNames(): string[] {
  const dir = fileURLToPath(new URL('./', import.meta.url))
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

export interface LoadedCase {
  name: string
  c: DetectionCase
  buggy: DriverModule
  fixed: DriverModule
  /** described.ts, when the case has one: the description inference should arrive at, written by hand. */
  described?: readonly IoctlDesc[]
}

export async function loadCase(name: string): Promise<LoadedCase> {
  const c = ((await import(`./${name}/case.ts`)) as { default: DetectionCase }).default
  const buggy = ((await import(`./${name}/buggy.ts`)) as { default: DriverModule }).default
  const fixed = ((await import(`./${name}/fixed.ts`)) as { default: DriverModule }).default
  const dir = fileURLToPath(new URL(`./${name}/`, import.meta.url))
  const described = existsSync(`${dir}described.ts`) ? ((await import(`./${name}/described.ts`)) as { default: readonly IoctlDesc[] }).default : undefined
  return { name, c, buggy, fixed, ...(described && { described }) }
}
