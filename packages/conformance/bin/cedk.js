#!/usr/bin/env node
// The `cedk` command. A packed @cedk/conformance (installed under node_modules) runs its compiled dist/. Inside the
// monorepo the package is TypeScript sources: the shim runs them with tsx and the "source" export condition (how
// the workspace packages point at their sources), in a child Node so both apply from the first import.
// CEDK_CLI_FROM=src|dist overrides the choice.
import { spawnSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(realpathSync(fileURLToPath(import.meta.url)))
const pkg = dirname(here)
const dist = join(pkg, 'dist', 'cli', 'main.js')
const src = join(pkg, 'src', 'cli', 'main.ts')
const installed = pkg.split(sep).includes('node_modules')
const from = process.env.CEDK_CLI_FROM ?? (installed || !existsSync(src) ? 'dist' : 'src')

if (from === 'dist') {
  if (!existsSync(dist)) {
    console.error(`cedk: ${dist} is missing: build the package (npm run build in packages/conformance) or run it from the sources`)
    process.exit(3)
  }
  const { main } = await import(pathToFileURL(dist).href)
  await main()
} else {
  // tsx is a devDependency of the monorepo root, resolved from here.
  const tsx = createRequire(import.meta.url).resolve('tsx')
  const boot = `import(${JSON.stringify(pathToFileURL(src).href)}).then((m) => m.main(process.argv.slice(1)))`
  const child = spawnSync(process.execPath, ['--conditions=source', '--import', pathToFileURL(tsx).href, '--input-type=module', '-e', boot, '--', ...process.argv.slice(2)], { stdio: 'inherit' })
  if (child.error) {
    console.error(`cedk: could not start Node for the TypeScript sources: ${child.error.message}`)
    process.exit(3)
  }
  process.exit(child.status ?? (child.signal ? 128 + 1 : 3))
}
