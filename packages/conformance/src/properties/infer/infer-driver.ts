// Inference for every plain IOCTL of a driver (`{ name, code, inSize, outSize }`): the beliefs and the description
// the property suites run on. Made once per spec options object (every property test of a driver shares it).
import type { DriverModule } from '@cedk/kernel'
import type { Mode } from '../../mode.js'
import type { DriverOptions, IoctlSpec } from '../../spec-api/options.js'
import type { IoctlDesc } from '../describe/ioctl.js'
import type { Target } from '../run/boot.js'
import type { Inferred } from './beliefs.js'
import { descriptionText } from './description-text.js'
import { inferIoctl } from './infer-ioctl.js'
import { toDescription } from './to-description.js'

export interface InferredDriver {
  set: IoctlDesc[]
  inferred: Inferred[]
  /** The descriptions as TypeScript, with the reasons as comments. */
  text: string
  probes: number
}

/** Probes run in kernel mode when the spec allows it: there an unmarshalled dereference is a read, not a fault. */
const probeMode = (o: Pick<DriverOptions, 'modes'>): Mode => (!o.modes || o.modes.includes('kernel') ? 'kernel' : o.modes[0]!)

export async function inferDriver(driver: DriverModule, o: Pick<DriverOptions, 'registry' | 'key' | 'hardware' | 'drivers' | 'modes'>, specs: readonly IoctlSpec[], seed: number): Promise<InferredDriver> {
  const t: Target = { driver, registry: o.registry, ...(o.key && { key: o.key }), ...(o.hardware && { hardware: o.hardware }), ...(o.drivers && { drivers: o.drivers }) }
  const inferred: Inferred[] = []
  for (const s of specs) inferred.push(await inferIoctl(t, probeMode(o), seed, s))
  const set = inferred.map(toDescription)
  return { set, inferred, text: set.map((d, i) => descriptionText(d, inferred[i])).join('\n\n'), probes: inferred.reduce((a, x) => a + x.probes, 0) }
}

const cache = new WeakMap<object, Map<number, Promise<InferredDriver>>>()

/** inferDriver, once per options object and seed. */
export function inferDriverOnce(driver: DriverModule, o: Pick<DriverOptions, 'registry' | 'key' | 'hardware' | 'drivers' | 'modes'>, specs: readonly IoctlSpec[], seed: number): Promise<InferredDriver> {
  let bySeed = cache.get(o)
  if (!bySeed) cache.set(o, (bySeed = new Map()))
  let p = bySeed.get(seed)
  if (!p) bySeed.set(seed, (p = inferDriver(driver, o, specs, seed)))
  return p
}
