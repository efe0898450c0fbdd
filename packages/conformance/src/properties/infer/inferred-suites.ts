// The property suites on inferred descriptions: for the plain IOCTLs of a spec (`{ name, code, inSize, outSize }`),
// the same property tests a hand-written description gets, on the description inference found when the first of
// them runs. A failure prints the inferred description, to paste into the spec.
import type { DriverModule } from '@cedk/kernel'
import type { ConformanceOptions, IoctlSpec } from '../../spec-api/options.js'
import { propertySeed } from '../settings.js'
import type { PropertyName } from '../run/checks.js'
import { propertySuites, type PropertyOptions } from '../suites.js'
import { importsFor } from './description-text.js'
import { inferDriverOnce, type InferredDriver } from './infer-driver.js'

/** Whether the spec asks for inference: on unless `infer: false`, or CEDK_INFER=0 for the whole run. */
export const inferenceOn = (o: Pick<ConformanceOptions, 'infer'>): boolean => o.infer !== false && process.env.CEDK_INFER !== '0'

/**
 * The properties judged on inferred descriptions: all of those a hand-written description gets but the model (an
 * inferred description has none). errors-not-faults and equivalence were left out while they failed on correct
 * drivers (a driver completing a call later answers TRUE at once and writes its read-only output afterwards; a
 * driver counting its calls sees, in kernel mode, calls the reflector refuses before udevice); with the async
 * exemption (inference infers `async`), TRUE-with-a-bad-buffer judged only when the driver used the buffer, and runs
 * compared only up to a call the two modes pass differently, the examples and the clean corpus stay clean with them
 * (docs/decisions.md, "The inferred suites judge every property").
 */
export const INFERRED_PROPERTIES: readonly PropertyName[] = ['no-crash', 'no-violation', 'errors-not-faults', 'resources-balance', 'equivalence']

/** What a failure on inferred descriptions adds to its report: the descriptions, as TypeScript to paste. */
export const inferredNote = (x: InferredDriver): string =>
  ['the IOCTL descriptions inference found (paste them into the spec to check them and fix them):', importsFor(x.text), '', x.text].join('\n')

export function inferredSuites(driver: DriverModule, o: ConformanceOptions, plain: readonly IoctlSpec[]): void {
  const { model: _model, ioctls: _ioctls, ...rest } = o
  const shape: PropertyOptions = { ...rest, ioctls: [], properties: INFERRED_PROPERTIES }
  propertySuites(driver, shape, {
    title: `properties of ${driver.dll} (inferred descriptions)`,
    idPrefix: 'inferred:',
    resolve: async () => {
      const x = await inferDriverOnce(driver, o, plain, propertySeed(o.seed))
      return { options: { ...shape, ioctls: x.set }, note: inferredNote(x) }
    },
  })
}
