// Which drivers the agreement table covers, found on disk so that corpora added later are covered without an edit:
// - conformance/rules/<id>/: violates.ts and keeps.ts with scenario.ts (the rule corpus);
// - conformance/static-flow/<case>/, conformance/detection/<case>/: buggy.ts / twin.ts (or violates.ts / keeps.ts)
//   with scenario.ts — run with the corpus harness in the scenario's modes;
// - conformance/clean/<name>/<name>.ts: correct by the clean convention (its .clean.test.ts runs conformance() and
//   must find nothing), scanned with the registry its test declares; no scenario to run here;
// - the examples (examples.ts).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getRule, type Mode, type Violation } from '@cedk/conformance'
import type { DriverModule } from '@cedk/kernel'
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
  /** Expected correct: a keeps/twin/clean driver (its must-fix findings are false positives). */
  correct: boolean
  modes: readonly Mode[]
  registry(mode: Mode): string
  /** The run-time violations in `mode`; undefined when the corpus has nothing to run. */
  run?(mode: Mode): Promise<Violation[]>
}

const PAIRS: [string, boolean][] = [
  ['violates.ts', false],
  ['keeps.ts', true],
  ['buggy.ts', false],
  ['twin.ts', true],
]

export async function agreementCases(): Promise<AgreementCase[]> {
  const out: AgreementCase[] = []
  for (const corpus of ['rules', 'static-flow', 'detection']) out.push(...(await scenarioCases(corpus)))
  out.push(...cleanCases())
  for (const e of EXAMPLES)
    out.push({ corpus: 'examples', name: e.file, file: join(REPO, e.file), scan: join(REPO, e.scan), correct: false, modes: ['kernel', 'udevice'], registry: e.registry, run: e.run })
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
        modes,
        registry: (mode) => caseRegistry(driver.dll, mode, scenario.values),
        run: (mode) => runCase(driver, scenario, mode),
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
    return [{ corpus: 'clean', name: `clean/${dir}/${dir}.ts`, file, scan: join(root, dir), correct: true, modes, registry: (mode: Mode) => withFlags(reg, mode) }]
  })
}

/** A key's text with Flags for the mode (the framework switches only the Flags of the key it tests). */
function withFlags(reg: string, mode: Mode): string {
  const cleared = reg.replace(/^\s*"Flags"=dword:[0-9a-f]+\s*$/gim, '')
  return mode === 'udevice' ? cleared.replace(/^(\s*\[HKEY_LOCAL_MACHINE\\[^\]]+\])$/im, '$1\n"Flags"=dword:10') : cleared
}

export { KEY }
