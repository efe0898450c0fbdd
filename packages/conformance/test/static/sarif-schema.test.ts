// Both SARIF outputs — the static analyzer's (`cedk scan --format sarif`) and the report's (`cedk report --sarif`)
// — against the SARIF 2.1.0 JSON schema vendored in test/fixtures (see its README), checked by json-schema.ts.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { analyze, formatSarif } from '../../src/index.js'
import { toSarif } from '../../src/report/sarif.js'
import { cleanReport, failingReport } from '../helpers/sample-reports.js'
import { validate, type Schema } from './json-schema.js'

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Schema
const LEGACY = fileURLToPath(new URL('../../../../examples/legacy-ce5/', import.meta.url))

describe('SARIF output against the SARIF 2.1.0 JSON schema', () => {
  test('the schema is the SARIF 2.1.0 one and the validator checks it (a broken log is rejected)', () => {
    expect((schema as { title: string }).title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema')
    const errors = validate(schema, { version: '2.0.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal', message: {} }] }], extra: 1 })
    expect(errors.join('\n')).toMatch(/\$\.version: must be one of \["2\.1\.0"\]/)
    expect(errors.join('\n')).toMatch(/\$\.runs\[0\]\.tool\.driver: needs property "name"/)
    expect(errors.join('\n')).toMatch(/\$\.runs\[0\]\.results\[0\]\.level: must be one of/)
    expect(errors.join('\n')).toMatch(/\$\.runs\[0\]\.results\[0\]\.message: matches none of anyOf/)
    expect(errors.join('\n')).toMatch(/property "extra" is not allowed/)
  })

  test("the static analyzer's SARIF (examples/legacy-ce5) is valid", () => {
    const result = analyze([`${LEGACY}src`], { registryFiles: [`${LEGACY}legacy.reg`], root: LEGACY })
    expect(result.findings.length).toBeGreaterThan(0)
    expect(validate(schema, JSON.parse(formatSarif(result)))).toEqual([])
  })

  test("the report's SARIF is valid: clean, failing (suppressions, logical locations), and with static findings", () => {
    const withStatic = { ...cleanReport(), static: { files: 1, findings: [{ rule: 'CE6-M07', file: 'src/legacy.ts', line: 12, column: 5, endLine: 12, endColumn: 20, message: 'MapCallerPtr is gone in CE6', fix: 'use CeOpenCallerBuffer', fingerprint: 'abc:1' }] } }
    for (const report of [cleanReport(), failingReport(), withStatic]) expect(validate(schema, JSON.parse(JSON.stringify(toSarif(report))))).toEqual([])
  })
})
