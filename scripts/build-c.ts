// npm run build:c [cdriver.json …]: build the C drivers (every examples/*/cdriver.json by default) into the .wasm
// files committed beside their sources. Needs clang and lld (Debian: apt-get install clang lld).
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ROOT, buildCDriver, findClang } from './c-build/build-c-driver.js'

export function allCDrivers(): string[] {
  const ex = join(ROOT, 'examples')
  return readdirSync(ex)
    .map((d) => join(ex, d, 'cdriver.json'))
    .filter((f) => existsSync(f))
}

const clang = findClang()
if (clang === null) {
  console.error('build:c needs clang and lld for wasm32 (Debian: apt-get install clang lld)')
  process.exit(1)
}
for (const desc of process.argv.length > 2 ? process.argv.slice(2) : allCDrivers()) {
  console.log(`built ${relative(ROOT, buildCDriver(clang, desc))}`)
}
