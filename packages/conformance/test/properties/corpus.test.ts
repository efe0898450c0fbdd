// The property corpus (conformance/properties/): each driver's bug is found by the property named, with a fixed
// seed and bounded runs; the counterexample is shrunk to the call that matters; replaying its seed and path gives
// the same counterexample and the same trace; and the fixed twin passes the same check.
import { describe, expect, test } from 'vitest'
import { checkDriver, type Program } from '@cedk/conformance'
import { CORPUS, CORPUS_SEED as SEED, corpusOptions as options } from '../../../../conformance/properties/corpus.js'

const steps = (p: unknown) => (p as Program).steps

/** What each shrunk counterexample must show, by corpus title. */
const SHRUNK: Record<string, (p: Program, text: string) => void> = {
  'a double fetch that only matters under a race': (p, text) => {
    // One call; the race lands between the check and the second fetch with a length past the buffer.
    expect(p.steps).toHaveLength(1)
    expect((p.steps[0]!.call.race?.input as { cb: number }).cb).toBeGreaterThan(16)
    expect(text).toMatch(/race: after the driver's read #\d of lpInBuf, a second thread writes COPY_IN \{ cb: \d+/)
  },
  'a length check that overflows past 2^32': (p) => {
    expect(p.steps).toHaveLength(1)
    const { offset, count } = p.steps[0]!.call.input as { offset: number; count: number }
    expect(offset + count).toBeGreaterThanOrEqual(2 ** 32)
  },
  'an out-buffer written past the length the caller gave': (p) => expect(p.steps.map((s) => s.call.outBuf.kind)).toEqual(['short']),
  'a handle leak on one error path': (p, text) => {
    expect(p.steps).toHaveLength(1)
    expect(text).toMatch(/FALSE ERROR_INVALID_PARAMETER/)
  },
  'a state-machine bug only the model finds': (_p, text) => expect(text).toMatch(/model mismatch at POP/),
  'a divergence that only shows in udevice mode': (p, text) => {
    expect(p.steps).toHaveLength(1)
    expect(text).toMatch(/kernel: TRUE[\s\S]*udevice: FALSE ERROR_INVALID_PARAMETER/)
    // Both traces of the call that differs: in udevice the driver's write to its read-only input faults.
    expect(text).toMatch(/kernel trace:\n(\s+.*\n)*?\s+[\d.]+ms t\d+ mem-write 0x[0-9a-f]+ \+4 origin=param/)
    expect(text).toMatch(/udevice trace:\n(\s+.*\n)*?\s+[\d.]+ms t\d+ fault write 0x[0-9a-f]+ user mode .*not writable/)
  },
  'a crash on a hostile embedded pointer': (p, text) => {
    expect(p.steps).toHaveLength(1)
    expect(text).toMatch(/data: null/)
  },
}

describe('the properties find every bug of the property corpus', () => {
  for (const c of CORPUS) {
    test(`${c.title}: found by ${c.property}, shrunk, replayable; the fix passes`, { timeout: 60_000 }, async () => {
      const run = { seed: SEED, numRuns: c.numRuns }
      const found = await checkDriver(c.pair.buggy, options(c, c.pair.buggy), c.property, c.mode, run)
      expect(found, `${c.title}: not found`).not.toBeNull()
      const f = found!.failure
      SHRUNK[c.title]!(c.property === 'model' ? ({ steps: [] } as unknown as Program) : (f.counterexample as Program), found!.text)
      expect(found!.text).toContain(`seed ${f.seed}, path ${f.path}`)

      // Replaying seed and path runs that one case: the same counterexample, the same report, the same trace.
      const again = await checkDriver(c.pair.buggy, options(c, c.pair.buggy), c.property, c.mode, { ...run, seed: f.seed, path: f.path })
      const same = (t: string | undefined) => t?.replace(/\(\d+ shrinks\)/, '')
      expect(same(again?.text)).toBe(same(found!.text))
      if (c.property !== 'model') expect(steps(again!.failure.counterexample)).toEqual(steps(f.counterexample))
      expect(again!.failure.detail?.map((x) => x.fingerprint)).toEqual(f.detail?.map((x) => x.fingerprint))

      expect(await checkDriver(c.pair.fixed, options(c, c.pair.fixed), c.property, c.mode, { seed: SEED, numRuns: 40 })).toBeNull()
    })
  }
})
