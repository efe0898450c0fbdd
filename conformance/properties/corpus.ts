// The property corpus as a table: each buggy driver, the property that finds its bug, in which mode, from which
// hostile classes, with how many runs (seed 42). The corpus test asserts on it; the time-to-minimal benchmark
// times it.
import type { DriverModule } from '@cedk/kernel'
import type { HostileClass, IoctlSet, Mode, PropertyName, PropertyOptions } from '@cedk/conformance'
import { registryFor } from './common.js'
import * as dfetch from './double-fetch.js'
import * as overflow from './length-overflow.js'
import * as overrun from './out-overrun.js'
import * as leak from './handle-leak.js'
import * as queue from './queue-model.js'
import * as echo from './udevice-divergence.js'
import * as send from './embedded-null.js'

export interface CorpusCase {
  title: string
  pair: { buggy: DriverModule; fixed: DriverModule; ioctls: IoctlSet; model?: PropertyOptions['model'] }
  property: PropertyName
  mode: Mode
  classes?: readonly HostileClass[]
  numRuns: number
}

export const CORPUS_SEED = 42

export const CORPUS: readonly CorpusCase[] = [
  { title: 'a double fetch that only matters under a race', pair: dfetch, property: 'errors-not-faults', mode: 'kernel', classes: ['race'], numRuns: 100 },
  { title: 'a length check that overflows past 2^32', pair: overflow, property: 'errors-not-faults', mode: 'kernel', classes: ['values'], numRuns: 300 },
  { title: 'an out-buffer written past the length the caller gave', pair: overrun, property: 'errors-not-faults', mode: 'udevice', classes: ['short'], numRuns: 100 },
  { title: 'a handle leak on one error path', pair: leak, property: 'resources-balance', mode: 'kernel', classes: ['values'], numRuns: 100 },
  { title: 'a state-machine bug only the model finds', pair: queue, property: 'model', mode: 'kernel', numRuns: 60 },
  { title: 'a divergence that only shows in udevice mode', pair: echo, property: 'equivalence', mode: 'kernel', numRuns: 50 },
  { title: 'a crash on a hostile embedded pointer', pair: send, property: 'errors-not-faults', mode: 'kernel', classes: ['null'], numRuns: 100 },
]

/** The property options of a corpus case for one of its two drivers. */
export const corpusOptions = (c: CorpusCase, driver: DriverModule): PropertyOptions => ({
  registry: registryFor(driver.dll),
  ioctls: c.pair.ioctls,
  ...(c.pair.model && { model: c.pair.model }),
  ...(c.classes && { classes: c.classes }),
})
