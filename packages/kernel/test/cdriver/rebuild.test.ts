// The committed .wasm of every C driver is what its sources build to: with clang/lld present, rebuild each one
// (scripts/c-build) and compare bytes. Without clang the test skips, saying so; the committed .wasm still run.
import { readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT, allCDrivers, compileCDriver, findClang, readBuild } from '../../../../scripts/c-build/build-c-driver.js'

const clang = findClang()
if (clang === null) console.warn('C driver rebuild check skipped: clang/lld for wasm32 not found (apt-get install clang lld)')

describe.skipIf(clang === null)('committed C driver builds', () => {
  test.each(allCDrivers().map((f) => [relative(ROOT, f), f]))('%s rebuilds to the committed bytes', (_name, desc) => {
    const dir = resolve(desc, '..')
    const build = readBuild(desc)
    const rebuilt = compileCDriver(clang!, dir, build)
    expect(Buffer.from(rebuilt).equals(readFileSync(join(dir, build.out)))).toBe(true)
  }, 60_000)

  test('every C driver is found', () => {
    expect(allCDrivers().map((f) => relative(ROOT, f))).toEqual(
      expect.arrayContaining(['examples/echo-c/cdriver.json', 'packages/kernel/test/cdriver/probe/cdriver.json', 'conformance/rules/CE6-M01/c/violates.cdriver.json', 'conformance/rules/CE6-M01/c/keeps.cdriver.json']),
    )
  })
})
