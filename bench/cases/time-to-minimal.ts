// time-to-minimal (issue 5): from the first failing generated case to the shrunk counterexample with its replay
// command, on the drivers of the property corpus (conformance/properties/, seed 42, the corpus test's runs). Each
// operation takes the next corpus driver in turn and measures that span alone (the search before the first failure
// is not counted); then, untimed, it replays the failure from its seed and path and checks that the replay gives
// the same report and the identical trace fingerprints. Target: median at most 5 s (≥ 0.2 /s).
import type { BenchCase } from '../harness.js'
import { linkPackages } from './link-packages.js'

async function corpusToMinimal(): Promise<() => Promise<number>> {
  linkPackages()
  const { checkDriver, replayCommand } = await import('../../packages/conformance/src/index.js')
  const { CORPUS, CORPUS_SEED, corpusOptions } = await import('../../conformance/properties/corpus.js')
  const sameReport = (t: string | undefined): string | undefined => t?.replace(/\(\d+ shrinks\)/, '')
  let next = 0
  return async () => {
    const c = CORPUS[next++ % CORPUS.length]!
    const o = corpusOptions(c, c.pair.buggy)
    const found = await checkDriver(c.pair.buggy, o, c.property, c.mode, { seed: CORPUS_SEED, numRuns: c.numRuns })
    if (!found) throw new Error(`${c.pair.buggy.dll}: ${c.property} found nothing`)
    const f = found.failure
    const replay = replayCommand({ id: found.id, seed: f.seed, path: f.path }, 'conformance/properties/corpus.test.ts', c.title)
    const ms = performance.now() - f.foundAt
    const again = await checkDriver(c.pair.buggy, o, c.property, c.mode, { seed: f.seed, numRuns: c.numRuns, path: f.path })
    const traces = (r: typeof found | null): string => (r?.failure.detail ?? []).map((x) => `${x.mode} ${x.fingerprint}`).join(', ')
    if (sameReport(again?.text) !== sameReport(found.text) || traces(again) !== traces(found)) throw new Error(`${c.pair.buggy.dll}: the replay differs\n${found.text}\n---\n${again?.text}`)
    process.stderr.write(`  ${c.pair.buggy.dll} ${found.id}: ${ms.toFixed(0)} ms to minimal (${f.numShrinks} shrinks), replay identical${traces(found) ? ` (trace ${traces(found)})` : ''}\n    ${replay}\n`)
    return ms
  }
}

export const timeToMinimalCases: BenchCase[] = [
  {
    name: 'time-to-minimal',
    what: 'property corpus: first failing case → shrunk counterexample + replay command; replays checked identical (target ≥ 0.2 /s, i.e. median ≤ 5 s)',
    once: 14,
    selfTimed: true,
    setup: corpusToMinimal,
  },
]
