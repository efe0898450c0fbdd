// `npm run conformance`: the conformance of every driver in examples/, through vitest's Node API with the
// CedkReporter. Prints vitest's results, then the driver × mode × rule-family matrix, and writes cedk-report.json.
// Extra arguments go to vitest as file filters (`npm run conformance -- serial`).
import { startVitest } from 'vitest/node'
import { CedkReporter } from '@cedk/conformance/reporter'

const filters = process.argv.slice(2)
const reporter = new CedkReporter({ outputFile: 'cedk-report.json' })
const vitest = await startVitest('test', filters.length ? filters : ['.conformance.test.ts'], {
  watch: false,
  project: ['examples'],
  include: ['examples/*/spec/**/*.conformance.test.ts'],
  reporters: ['default', reporter],
})
await vitest.close()
if (!reporter.report) process.exitCode = 1
