// `cedk describe <spec>`: the spec file runs under vitest with CEDK_DESCRIBE_OUT naming a file; each conformance()
// call then registers one test instead of its suites, which writes the description of every IOCTL of its driver —
// inferred for plain ones, as written for described ones — to that file, one JSON line per driver.
import { appendFileSync } from 'node:fs'
import { test } from 'vitest'
import type { DriverModule } from '@cedk/kernel'
import type { ConformanceOptions, IoctlSpec } from '../../spec-api/options.js'
import type { IoctlDesc } from '../describe/ioctl.js'
import { isDescription } from '../ioctl-spec.js'
import { propertySeed } from '../settings.js'
import { descriptionText } from './description-text.js'
import { inferDriver } from './infer-driver.js'

export const DESCRIBE_ENV = 'CEDK_DESCRIBE_OUT'
/** The test name prefix `cedk describe` selects (its -t pattern). */
export const DESCRIBE_TEST = 'cedk describe'

/** One driver's descriptions, as `cedk describe` reads them back. */
export interface DescribedDriver {
  dll: string
  seed: number
  text: string
}

export const describeOutput = (): string | undefined => process.env[DESCRIBE_ENV] || undefined

export function describeTest(driver: DriverModule, o: ConformanceOptions, out: string): void {
  test(`${DESCRIBE_TEST} ${driver.dll}`, { timeout: 300_000 }, async () => {
    const ioctls = o.ioctls ?? []
    const plain = ioctls.filter((x): x is IoctlSpec => !isDescription(x))
    const seed = propertySeed(o.seed)
    const x = plain.length ? await inferDriver(driver, o, plain, seed) : null
    const texts = ioctls.map((io) => {
      if (isDescription(io)) return `// ${io.name}: as the spec describes it\n${descriptionText(io as IoctlDesc)}`
      const i = plain.indexOf(io)
      return descriptionText(x!.set[i]!, x!.inferred[i])
    })
    const line: DescribedDriver = { dll: driver.dll, seed, text: texts.join('\n\n') }
    appendFileSync(out, `${JSON.stringify(line)}\n`)
  })
}
