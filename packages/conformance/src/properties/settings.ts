// How many runs and which seed: the spec's own, else vitest's `sequence.seed`, else the run's (CEDK_SEED or the
// reporter's), so one number replays the whole run. CEDK_RUNS deepens every property for nightly runs.
import { runSeed } from '../spec-api/run-settings.js'

/** Runs per property by default: short enough for every CI run (SPEC: the whole suite stays fast). */
export const DEFAULT_RUNS = 25

export function propertyRuns(numRuns: number | undefined): number {
  const env = Number(process.env.CEDK_RUNS)
  if (Number.isInteger(env) && env > 0) return env
  return numRuns ?? DEFAULT_RUNS
}

/** vitest's --sequence.seed, read from the worker's resolved config (vitest sets it only when asked or shuffling). */
function vitestSeed(): number | undefined {
  const worker = (globalThis as { __vitest_worker__?: { config?: { sequence?: { seed?: unknown } } } }).__vitest_worker__
  const seed = worker?.config?.sequence?.seed
  return typeof seed === 'number' ? seed : undefined
}

export function propertySeed(seed: number | undefined): number {
  return seed ?? vitestSeed() ?? runSeed()
}

/** One seed per test, derived from the run's: each property explores its own cases, one number replays them all. */
export function testSeed(base: number, id: string): number {
  let h = base | 0
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h | 0
}
