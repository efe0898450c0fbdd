// Evidence: the property search runs its many cases without JavaScript stacks (MachineOptions.jsStacks), then runs
// the shrunk counterexample once more with them, so the report still shows the driver's source lines.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { checkDriver } from '@cedk/conformance'
import { checkProperty } from '../../src/properties/run/check.js'
import { CORPUS, CORPUS_SEED, corpusOptions } from '../../../../conformance/properties/corpus.js'

describe('evidence for the report', () => {
  test('checkProperty judges every searched case with final = false, then the shrunk counterexample with final = true', async () => {
    const calls: [number, boolean][] = []
    const failure = await checkProperty(fc.integer({ min: 0, max: 1000 }), async (n, final) => (calls.push([n, final]), { problems: n >= 10 ? ['too big'] : [], detail: final }), { seed: 7, numRuns: 200 })
    expect(failure?.counterexample).toBe(10)
    expect(failure?.detail).toBe(true)
    expect(calls.at(-1)).toEqual([10, true])
    expect(calls.slice(0, -1).every(([, final]) => !final)).toBe(true)
    expect(calls.length).toBeGreaterThan(2)
  })

  test('an exception escaping the driver is reported with the stack of its source lines', async () => {
    const c = CORPUS.find((x) => x.title === 'a crash on a hostile embedded pointer')!
    const found = await checkDriver(c.pair.buggy, corpusOptions(c, c.pair.buggy), c.property, c.mode, { seed: CORPUS_SEED, numRuns: c.numRuns })
    const escaped = found!.failure.detail![0]!.exceptions
    expect(escaped).toHaveLength(1)
    expect(escaped[0]).toMatch(/AccessViolation/)
    expect(escaped[0]).toMatch(/embedded-null\.ts/)
  })
})
