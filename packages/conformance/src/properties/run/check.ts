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
  /** performance.now() when the first failing case was judged: the time to the minimal case counts from there. */
  foundAt: number
}

/**
 * `judgeCase(t, final)`: `final` is false while fast-check searches and shrinks, true for the one run of the shrunk
 * counterexample whose judgement the report shows (the place to collect costly evidence such as JS stacks).
 */
export async function checkProperty<T, D>(arb: fc.Arbitrary<T>, judgeCase: (t: T, final: boolean) => Promise<Judgement<D>>, s: RunSettings): Promise<PropertyFailure<T, D> | null> {
  let foundAt: number | undefined
  const found = (): void => void (foundAt ??= performance.now())
  const prop = fc.asyncProperty(arb, async (t) => {
    const passes = (await judgeCase(t, false).catch((e: unknown) => (found(), Promise.reject(e)))).problems.length === 0
    if (!passes) found()
    return passes
  })
  const params: fc.Parameters<[T]> = { seed: s.seed, numRuns: s.numRuns, ...(s.path !== undefined && { path: s.path, endOnFailure: true }) }
  const details = await fc.check(prop, params)
  if (!details.failed || !details.counterexample) return null
  const counterexample = details.counterexample[0]
  let last: Judgement<D> | undefined
  let error: string | undefined
  try {
    last = await judgeCase(counterexample, true)
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
    foundAt: foundAt ?? performance.now(),
    ...(error || !last?.problems.length ? { error: error ?? String(details.errorInstance) } : {}),
  }
}
