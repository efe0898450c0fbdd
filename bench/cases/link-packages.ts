// The conformance code and the examples import '@cedk/kernel' and '@cedk/conformance' by name, which Node would
// resolve to the packages' dist/. Point the names at the sources compiled with the bench (.bench/node_modules comes
// first on the lookup path) before anything imports them, so one kernel instance serves the case, the framework
// and the driver.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

function link(name: string, entry: string): void {
  const dir = fileURLToPath(new URL(`../../node_modules/${name}/`, import.meta.url))
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}package.json`, JSON.stringify({ name, type: 'module', main: 'index.js' }))
  writeFileSync(`${dir}index.js`, `export * from '../../../${entry}'\n`)
}

export function linkPackages(): void {
  link('@cedk/kernel', 'packages/kernel/src/index.js')
  link('@cedk/conformance', 'packages/conformance/src/index.js')
}
