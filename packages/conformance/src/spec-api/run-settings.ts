// What a run decides once for every spec file: the seed (a spec's own, the reporter's, CEDK_SEED, else 1) and the
// expectations file's waivers, both handed to the workers by the CedkReporter through vitest's inject().
import { inject } from 'vitest'
import type {} from '../provided-context.js'
import type { ProvidedExpectations } from '../provided-context.js'

export const DEFAULT_SEED = 1

/** The seed the run was given (reporter option or CEDK_SEED), before a spec's own `seed` option. */
export function runSeed(): number {
  const provided = safeInject('cedk:seed')
  if (typeof provided === 'number') return provided
  const env = Number(process.env.CEDK_SEED)
  return Number.isInteger(env) ? env : DEFAULT_SEED
}

/** The seed a spec runs with, and whether the spec pinned it (then a re-run needs no CEDK_SEED). */
export function specSeed(seed: number | undefined): { seed: number; pinned: boolean } {
  return seed === undefined ? { seed: runSeed(), pinned: false } : { seed, pinned: true }
}

/** The expectations the reporter loaded; none when the run has no CedkReporter or no file. */
export function runExpectations(): ProvidedExpectations | undefined {
  return safeInject('cedk:expectations')
}

// inject() needs a vitest worker; outside one (a script importing the package) there is nothing provided.
function safeInject<K extends 'cedk:seed' | 'cedk:expectations'>(key: K) {
  try {
    return inject(key) as ReturnType<typeof inject<K>> | undefined
  } catch {
    return undefined
  }
}
