// Writes docs/rules.md from the rule table (`npm run rules:doc`); with --check, only says whether it is current.
import { readFileSync, writeFileSync } from 'node:fs'
import { RULES_DOC_COMMAND, RULES_DOC_PATH, renderRulesDoc } from '../packages/conformance/src/index.js'

const path = new URL(`../${RULES_DOC_PATH}`, import.meta.url)
const text = renderRulesDoc()

if (process.argv.includes('--check')) {
  const current = readFileSync(path, 'utf8') === text
  console.log(current ? `${RULES_DOC_PATH} is current` : `${RULES_DOC_PATH} is out of date: run \`${RULES_DOC_COMMAND}\``)
  process.exitCode = current ? 0 : 1
} else {
  writeFileSync(path, text)
  console.log(`wrote ${RULES_DOC_PATH}`)
}
