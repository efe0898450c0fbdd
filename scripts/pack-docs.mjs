// prepack of @cedk/kernel and @cedk/conformance: copy the user docs into the package (docs/, gitignored there), so
// the packed tarball carries them and `cedk init` can point at node_modules/@cedk/conformance/docs/. Plain JS: it
// runs under npm pack with no TS loader.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const DOCS = new URL('../docs/', import.meta.url).pathname
const pkg = process.cwd()
const out = join(pkg, 'docs')
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const files = readdirSync(DOCS).filter((f) => /\.(md|png|yml)$/.test(f))
for (const f of files) copyFileSync(join(DOCS, f), join(out, f))
console.log(`pack-docs: ${files.length} files into ${out}`)
