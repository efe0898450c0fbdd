// Running one property with fast-check: a seed (and a path, to replay), a number of runs, and on failure the
// shrunk counterexample with everything the report prints. The same seed and path give the same counterexample
// and, the machine being deterministic, the same trace.
import fc from 'fast-check'

export interface RunSettings {
  seed: number
  numRuns: number
  /** A counterexample path: replay that case alone. */
  path?: string
}

/** What judging one case found: problems (none: it passes), and whatever the report shows about the case. */
export interface Judgement<D> {
  problems: string[]
  detail: D
}

export interface PropertyFailure<T, D> {
  seed: number
  path: string
  numShrinks: number
  counterexample: T
  problems: string[]
  detail: D | undefined
  /** An exception the judge threw (a harness error), if that is how it failed. */
  error?: string
}

export async function checkProperty<T, D>(arb: fc.Arbitrary<T>, judgeCase: (t: T) => Promise<Judgement<D>>, s: RunSettings): Promise<PropertyFailure<T, D> | null> {
  const prop = fc.asyncProperty(arb, async (t) => (await judgeCase(t)).problems.length === 0)
  const params: fc.Parameters<[T]> = { seed: s.seed, numRuns: s.numRuns, ...(s.path !== undefined && { path: s.path, endOnFailure: true }) }
  const details = await fc.check(prop, params)
  if (!details.failed || !details.counterexample) return null
  const counterexample = details.counterexample[0]
  let last: Judgement<D> | undefined
  let error: string | undefined
  try {
    last = await judgeCase(counterexample)
  } catch (e) {
    error = (e as Error).stack ?? String(e)
  }
  return {
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    numShrinks: details.numShrinks,
    counterexample,
    problems: last?.problems ?? [],
    detail: last?.detail,
    ...(error || !last?.problems.length ? { error: error ?? String(details.errorInstance) } : {}),
  }
}
