// npm run build:c [cdriver.json …]: build the C drivers (every cdriver.json of the examples, the kernel's C test
// drivers and the rule corpus's C twins by default) into the .wasm files committed beside their sources. Needs clang and lld (Debian: apt-get install clang lld).
import { relative } from 'node:path'
import { ROOT, allCDrivers, buildCDriver, findClang } from './c-build/build-c-driver.js'

const clang = findClang()
if (clang === null) {
  console.error('build:c needs clang and lld for wasm32 (Debian: apt-get install clang lld)')
  process.exit(1)
}
for (const desc of process.argv.length > 2 ? process.argv.slice(2) : allCDrivers()) {
  console.log(`built ${relative(ROOT, buildCDriver(clang, desc))}`)
}
