// The committed .wasm of a C driver is what its sources build to: with clang/lld present, rebuild a sample — a C
// example, a C++ driver, a driver that blocks, a rule twin — and compare bytes. Every C driver is checked the same
// way by `npm run build:c -- --check`, which CI runs (.ci/run): 70-odd clang builds are too slow for `npm test`.
// Without clang the test skips, saying so; the committed .wasm still run.
import { readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT, allCDrivers, compileCDriver, findClang, readBuild } from '../../../../scripts/c-build/build-c-driver.js'

const clang = findClang()
if (clang === null) console.warn('C driver rebuild check skipped: clang/lld for wasm32 not found (apt-get install clang lld)')

const SAMPLE = [
  'examples/echo-c/cdriver.json',
  'packages/kernel/test/cdriver/sensorhub/cdriver.json',
  'packages/kernel/test/cdriver/mailbox/cdriver.json',
  'conformance/rules/CE6-M01/c/violates.cdriver.json',
]

describe.skipIf(clang === null)('committed C driver builds', () => {
  test.each(SAMPLE)('%s rebuilds to the committed bytes', (desc) => {
    const file = join(ROOT, desc)
    const dir = resolve(file, '..')
    const build = readBuild(file)
    const rebuilt = compileCDriver(clang!, dir, build)
    expect(Buffer.from(rebuilt).equals(readFileSync(join(dir, build.out)))).toBe(true)
  }, 60_000)

  test('every C driver is found', () => {
    expect(allCDrivers().map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining([...SAMPLE, 'conformance/rules/CE6-M01/c/keeps.cdriver.json', 'examples/serial-c/cdriver.json']))
  })
})
