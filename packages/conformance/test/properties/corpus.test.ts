// The property corpus (conformance/properties/): each driver's bug is found by the property named, with a fixed
// seed and bounded runs; the counterexample is shrunk to the call that matters; replaying its seed and path gives
// the same counterexample and the same trace; and the fixed twin passes the same check.
import { describe, expect, test } from 'vitest'
import type { DriverModule } from '@cedk/kernel'
import { checkDriver, type HostileClass, type IoctlSet, type Mode, type Program, type PropertyName, type PropertyOptions } from '@cedk/conformance'
import { registryFor } from '../../../../conformance/properties/common.js'
import * as dfetch from '../../../../conformance/properties/double-fetch.js'
import * as overflow from '../../../../conformance/properties/length-overflow.js'
import * as overrun from '../../../../conformance/properties/out-overrun.js'
import * as leak from '../../../../conformance/properties/handle-leak.js'
import * as queue from '../../../../conformance/properties/queue-model.js'
import * as echo from '../../../../conformance/properties/udevice-divergence.js'
import * as send from '../../../../conformance/properties/embedded-null.js'

interface Case {
  title: string
  pair: { buggy: DriverModule; fixed: DriverModule; ioctls: IoctlSet; model?: PropertyOptions['model'] }
  property: PropertyName
  mode: Mode
  classes?: readonly HostileClass[]
  numRuns: number
  /** What the shrunk counterexample must show. */
  shrunk: (p: Program, text: string) => void
}

const SEED = 42
const steps = (p: unknown) => (p as Program).steps

const CASES: Case[] = [
  {
    title: 'a double fetch that only matters under a race',
    pair: dfetch,
    property: 'errors-not-faults',
    mode: 'kernel',
    classes: ['race'],
    numRuns: 100,
    shrunk: (p, text) => {
      // One call; the race lands between the check and the second fetch with a length past the buffer.
      expect(p.steps).toHaveLength(1)
      expect((p.steps[0]!.call.race?.input as { cb: number }).cb).toBeGreaterThan(16)
      expect(text).toMatch(/race: after the driver's read #\d of lpInBuf, a second thread writes COPY_IN \{ cb: \d+/)
    },
  },
  {
    title: 'a length check that overflows past 2^32',
    pair: overflow,
    property: 'errors-not-faults',
    mode: 'kernel',
    classes: ['values'],
    numRuns: 300,
    shrunk: (p) => {
      expect(p.steps).toHaveLength(1)
      const { offset, count } = p.steps[0]!.call.input as { offset: number; count: number }
      expect(offset + count).toBeGreaterThanOrEqual(2 ** 32)
    },
  },
  {
    title: 'an out-buffer written past the length the caller gave',
    pair: overrun,
    property: 'errors-not-faults',
    mode: 'udevice',
    classes: ['short'],
    numRuns: 100,
    shrunk: (p) => expect(p.steps.map((s) => s.call.outBuf.kind)).toEqual(['short']),
  },
  {
    title: 'a handle leak on one error path',
    pair: leak,
    property: 'resources-balance',
    mode: 'kernel',
    classes: ['values'],
    numRuns: 100,
    shrunk: (p, text) => {
      expect(p.steps).toHaveLength(1)
      expect(text).toMatch(/FALSE ERROR_INVALID_PARAMETER/)
    },
  },
  {
    title: 'a state-machine bug only the model finds',
    pair: queue,
    property: 'model',
    mode: 'kernel',
    numRuns: 60,
    shrunk: (_p, text) => expect(text).toMatch(/model mismatch at POP/),
  },
  {
    title: 'a divergence that only shows in udevice mode',
    pair: echo,
    property: 'equivalence',
    mode: 'kernel',
    numRuns: 50,
    shrunk: (p, text) => {
      expect(p.steps).toHaveLength(1)
      expect(text).toMatch(/kernel: TRUE[\s\S]*udevice: FALSE ERROR_INVALID_PARAMETER/)
    },
  },
  {
    title: 'a crash on a hostile embedded pointer',
    pair: send,
    property: 'errors-not-faults',
    mode: 'kernel',
    classes: ['null'],
    numRuns: 100,
    shrunk: (p, text) => {
      expect(p.steps).toHaveLength(1)
      expect(text).toMatch(/data: null/)
    },
  },
]

const options = (c: Case, driver: DriverModule): PropertyOptions => ({
  registry: registryFor(driver.dll),
  ioctls: c.pair.ioctls,
  ...(c.pair.model && { model: c.pair.model }),
  ...(c.classes && { classes: c.classes }),
})

describe('the properties find every bug of the property corpus', () => {
  for (const c of CASES) {
    test(`${c.title}: found by ${c.property}, shrunk, replayable; the fix passes`, { timeout: 60_000 }, async () => {
      const run = { seed: SEED, numRuns: c.numRuns }
      const found = await checkDriver(c.pair.buggy, options(c, c.pair.buggy), c.property, c.mode, run)
      expect(found, `${c.title}: not found`).not.toBeNull()
      const f = found!.failure
      c.shrunk(c.property === 'model' ? ({ steps: [] } as unknown as Program) : (f.counterexample as Program), found!.text)
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
