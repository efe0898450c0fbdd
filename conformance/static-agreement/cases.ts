// Which drivers the agreement table covers, found on disk so that corpora added later are covered without an edit:
// - conformance/rules/<id>/: violates.ts and keeps.ts with scenario.ts (the rule corpus);
// - conformance/static-flow/<case>/: buggy.ts / twin.ts (or violates.ts / keeps.ts) with scenario.ts — run with the
//   corpus harness in the scenario's modes;
// - conformance/detection/<case>/: buggy.ts / fixed.ts with case.ts — run by the generated suite's scenario runs
//   (modeRuns: what conformance() runs on the case's plain IOCTL list, seed 13), in both modes, scanned with the
//   case's key;
// - conformance/clean/<name>/<name>.ts: correct by the clean convention (its .clean.test.ts runs conformance() and
//   must find nothing), scanned with the registry its test declares; no scenario to run here;
// - the examples (examples.ts).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getRule, modeRuns, type Mode, type Violation } from '@cedk/conformance'
import type { DriverModule } from '@cedk/kernel'
import { DETECTION_SEED, caseNames, loadCase } from '../detection/detect.js'
import { KEY, caseRegistry, runCase, type Scenario } from '../harness.js'
import { EXAMPLES } from './examples.js'

export const REPO = fileURLToPath(new URL('../../', import.meta.url))

export interface AgreementCase {
  corpus: string
  /** Shown in the table's notes: `rules/CE6-M01/violates.ts`. */
  name: string
  /** The driver source, absolute. */
  file: string
  /** What the static scan reads (the driver's folder: its helper modules and companions). */
  scan: string
  /** Expected correct: a keeps/twin/fixed/clean driver (its must-fix findings are false positives). */
  correct: boolean
  /** Written with a bug (violates/buggy): never counted correct, even where the run misses the bug. */
  knownBuggy: boolean
  modes: readonly Mode[]
  registry(mode: Mode): string
  /** The run-time violations in `mode` (a rule id each); undefined when the corpus has nothing to run. */
  run?(mode: Mode): Promise<readonly Pick<Violation, 'rule'>[] | readonly { rule: string }[]>
}

const PAIRS: [string, boolean][] = [
  ['violates.ts', false],
  ['keeps.ts', true],
  ['buggy.ts', false],
  ['twin.ts', true],
]

export async function agreementCases(): Promise<AgreementCase[]> {
  const out: AgreementCase[] = []
  for (const corpus of ['rules', 'static-flow']) out.push(...(await scenarioCases(corpus)))
  out.push(...(await detectionCases()))
  out.push(...cleanCases())
  for (const e of EXAMPLES)
    out.push({ corpus: 'examples', name: e.file, file: join(REPO, e.file), scan: join(REPO, e.scan), correct: false, knownBuggy: false, modes: ['kernel', 'udevice'], registry: e.registry, run: e.run })
  return out
}

const subdirs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort() : [])

async function scenarioCases(corpus: string): Promise<AgreementCase[]> {
  const root = join(REPO, 'conformance', corpus)
  const out: AgreementCase[] = []
  for (const dir of subdirs(root)) {
    const scenarioFile = join(root, dir, 'scenario.ts')
    if (!existsSync(scenarioFile)) continue
    const { scenario } = (await import(scenarioFile)) as { scenario: Scenario }
    for (const [name, correct] of PAIRS) {
      const file = join(root, dir, name)
      if (!existsSync(file)) continue
      const driver = ((await import(file)) as { default: DriverModule }).default
      const modes = scenario.modes ?? (corpus === 'rules' ? getRule(dir).modes : ['kernel', 'udevice'])
      out.push({
        corpus,
        name: `${corpus}/${dir}/${name}`,
        file,
        // The rule corpus keeps its helpers beside the pair; a driver alone is what each case is about there.
        scan: corpus === 'rules' ? file : join(root, dir),
        correct,
        knownBuggy: !correct,
        modes,
        registry: (mode) => caseRegistry(driver.dll, mode, scenario.values),
        run: (mode) => runCase(driver, scenario, mode),
      })
    }
  }
  return out
}

async function detectionCases(): Promise<AgreementCase[]> {
  const root = join(REPO, 'conformance', 'detection')
  const out: AgreementCase[] = []
  for (const name of caseNames()) {
    const loaded = await loadCase(name)
    for (const [file, driver, correct] of [['buggy.ts', loaded.buggy, false], ['fixed.ts', loaded.fixed, true]] as const) {
      // The plain suite, as detection.test.ts runs it (no descriptions: the property suites are not run here).
      const runs = modeRuns(driver, { registry: loaded.c.registry, ioctls: loaded.c.ioctls, ...(loaded.c.hardware && { hardware: loaded.c.hardware }), ...(loaded.c.events && { events: loaded.c.events }), seed: DETECTION_SEED })
      out.push({
        corpus: 'detection',
        name: `detection/${name}/${file}`,
        file: join(root, name, file),
        scan: join(root, name),
        correct,
        knownBuggy: !correct,
        modes: ['kernel', 'udevice'],
        registry: (mode) => withFlags(loaded.c.registry, mode),
        run: async (mode) => (await runs(mode)).violations,
      })
    }
  }
  return out
}

function cleanCases(): AgreementCase[] {
  const root = join(REPO, 'conformance', 'clean')
  return subdirs(root).flatMap((dir) => {
    const file = join(root, dir, `${dir}.ts`)
    if (!existsSync(file)) return []
    const test = join(root, dir, `${dir}.clean.test.ts`)
    const text = existsSync(test) ? readFileSync(test, 'utf8') : ''
    // The key as the test writes it (String.raw or an escaped template: backslashes doubled), and the modes its
    // conformance() call names (both when it names none).
    const reg = (/\[HKEY_LOCAL_MACHINE\\[^`]*/.exec(text)?.[0] ?? '').replace(/\\\\/g, '\\')
    const named = /modes:\s*\[([^\]]*)\]/.exec(text)?.[1]
    const modes = (['kernel', 'udevice'] as const).filter((m) => named === undefined || named.includes(`'${m}'`))
    return [{ corpus: 'clean', name: `clean/${dir}/${dir}.ts`, file, scan: join(root, dir), correct: true, knownBuggy: false, modes, registry: (mode: Mode) => withFlags(reg, mode) }]
  })
}

/** A key's text with Flags for the mode (the framework switches only the Flags of the key it tests). */
function withFlags(reg: string, mode: Mode): string {
  const cleared = reg.replace(/^\s*"Flags"=dword:[0-9a-f]+\s*$/gim, '')
  return mode === 'udevice' ? cleared.replace(/^(\s*\[HKEY_LOCAL_MACHINE\\[^\]]+\])$/im, '$1\n"Flags"=dword:10') : cleared
}

export { KEY }
