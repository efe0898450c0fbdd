// npm run build:c [--check] [cdriver.json …]: build the C drivers (every cdriver.json of the examples, the kernel's
// C test drivers, the rule corpus's C twins and the benchmarks' by default) into the .wasm files committed beside
// their sources. With --check, write nothing: rebuild each one and fail if any differs from its committed bytes
// (CI runs this when clang is there). Needs clang and lld (Debian: apt-get install clang lld).
import { readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { ROOT, allCDrivers, buildCDriver, compileCDriver, findClang, readBuild } from './c-build/build-c-driver.js'

const args = process.argv.slice(2)
const check = args.includes('--check')
const files = args.filter((a) => a !== '--check')
const clang = findClang()
if (clang === null) {
  console.error('build:c needs clang and lld for wasm32 (Debian: apt-get install clang lld)')
  process.exit(1)
}
const descs = files.length ? files : allCDrivers()
const differ: string[] = []
for (const desc of descs) {
  if (!check) {
    console.log(`built ${relative(ROOT, buildCDriver(clang, desc))}`)
    continue
  }
  const dir = resolve(desc, '..')
  const build = readBuild(desc)
  const same = Buffer.from(compileCDriver(clang, dir, build)).equals(readFileSync(join(dir, build.out)))
  if (!same) differ.push(relative(ROOT, join(dir, build.out)))
}
if (check) {
  if (differ.length) {
    console.error(`build:c --check: ${differ.length} of ${descs.length} committed .wasm differ from a rebuild of their sources (run npm run build:c and commit):\n  ${differ.join('\n  ')}`)
    process.exit(1)
  }
  console.log(`build:c --check: all ${descs.length} committed .wasm are what their sources build to`)
}
