// Issue 14's red-team property: fast-check generates hostile user-mode drivers (programs of ctx calls over the
// addresses that matter, see attacks.ts) and each runs on a fresh machine with planted secrets (world.ts); judge.ts
// lists every way isolation broke. Seeded and shrinking: a failure prints the shortest program, its seed and path,
// and replays exactly (CEDK_SEED, or judge() on the printed program as holes.test.ts does). Bounded in `npm test`;
// CEDK_RUNS deepens it. Before the fixes of issue 14 it found the holes listed in holes.test.ts.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { programArb } from './attacks.js'
import { judge } from './judge.js'

export const RUNS = Number(process.env.CEDK_RUNS ?? 300)
const SEED = Number(process.env.CEDK_SEED ?? 14)

describe('red team: a hostile user-mode driver', () => {
  test('never gets out of its udevice', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(programArb(), async (p) => {
        expect((await judge(p)).breaches).toEqual([])
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
