// `npm run corpus:doc`: runs the clean corpus (conformance/clean/*/*.clean.test.ts) through vitest's Node API and
// writes the table of its results into docs/conformance.md. `-- --check` only compares (exit 1 when stale), as
// every full `npx vitest run` does through the same reporter (vitest.config.ts).
import { startVitest } from 'vitest/node'
import { CleanCorpusTable, CLEAN_DIR, DOC } from '../conformance/clean-table.js'
import { cleanSpecs } from '../conformance/clean-specs.js'

const check = process.argv.includes('--check')
const table = new CleanCorpusTable({ mode: check ? 'check' : 'write', expected: () => cleanSpecs(process.cwd()) })
const vitest = await startVitest('test', [`${CLEAN_DIR}/`], { watch: false, project: ['conformance'], reporters: ['default', table] })
await vitest.close()
// The corpus's own failures are in the table (that is its point); this script fails only when it could not do its job.
if (table.outcome === undefined || table.outcome === 'skipped') {
  console.error(`corpus:doc: the table was not ${check ? 'checked' : 'written'} (see above)`)
  process.exitCode = 1
} else if (table.outcome === 'stale') process.exitCode = 1
else process.exitCode = 0
if (!check && table.outcome === 'written') console.log(`wrote ${DOC}`)
