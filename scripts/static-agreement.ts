// npm run static:agreement: run the analyzer and the run-time verifier over every corpus driver and write the
// per-rule agreement table into docs/static-analyzer.md (the test agreement-table.test.ts fails when it is stale).
import { readFileSync, writeFileSync } from 'node:fs'
import { DOC, agreementMarkdown, docWithAgreement, measureAgreement } from '../conformance/static-agreement/measure.js'

const table = agreementMarkdown(await measureAgreement())
writeFileSync(DOC, docWithAgreement(readFileSync(DOC, 'utf8'), table))
console.log(table)
