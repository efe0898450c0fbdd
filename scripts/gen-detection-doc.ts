// Writes the detection corpus's table into docs/conformance.md (`npm run detection:doc`) from a fresh run of the
// generated suite on every case; with --check, only says whether the checked-in table is current.
import { readFileSync, writeFileSync } from 'node:fs'
import { DOC_COMMAND, DOC_PATH, renderSection, runCorpus, withSection } from '../conformance/detection/table.js'

const path = new URL(`../${DOC_PATH}`, import.meta.url)
const doc = readFileSync(path, 'utf8')
const next = withSection(doc, renderSection(await runCorpus()))

if (process.argv.includes('--check')) {
  const current = next === doc
  console.log(current ? `${DOC_PATH}: the detection table is current` : `${DOC_PATH}: the detection table is out of date: run \`${DOC_COMMAND}\``)
  process.exitCode = current ? 0 : 1
} else {
  writeFileSync(path, next)
  console.log(`wrote the detection table into ${DOC_PATH}`)
}
