// `npm run conformance`: the conformance of every driver in examples/, through vitest's Node API with the
// CedkReporter. Prints vitest's results, then the driver × mode × rule-family matrix, and writes cedk-report.json,
// cedk-report.html and the badges (.cedk/badge.svg for the run, .cedk/badge-<dll>.svg per driver).
// Extra arguments go to vitest as file filters (`npm run conformance -- serial`).
import { mkdirSync, writeFileSync } from 'node:fs'
import { startVitest } from 'vitest/node'
import { CedkReporter, badgeFiles } from '@cedk/conformance/reporter'

const filters = process.argv.slice(2)
const reporter = new CedkReporter({ outputFile: 'cedk-report.json', html: 'cedk-report.html' })
const vitest = await startVitest('test', filters.length ? filters : ['.conformance.test.ts'], {
  watch: false,
  project: ['examples'],
  include: ['examples/*/spec/**/*.conformance.test.ts'],
  reporters: ['default', reporter],
})
await vitest.close()
if (!reporter.report) process.exitCode = 1
else {
  mkdirSync('.cedk', { recursive: true })
  for (const b of badgeFiles(reporter.report)) writeFileSync(`.cedk/${b.file}`, `${b.svg}\n`)
  console.log('wrote .cedk/badge.svg')
}
