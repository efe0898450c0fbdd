// SARIF 2.1.0 from a report: structure GitHub code scanning accepts (a physical location on every result, rule
// metadata, fingerprints), waived violations as suppressions, and the analyzer's findings when the report has them.
import { expect, test } from 'vitest'
import { toSarif } from '../../src/report/sarif.js'
import { failingReport, cleanReport } from '../helpers/sample-reports.js'

interface Run {
  tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; help: { text: string } }[] } }
  results: {
    ruleId: string
    ruleIndex: number
    level: string
    message: { text: string }
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]
    partialFingerprints: Record<string, string>
    suppressions?: unknown[]
    properties: Record<string, unknown>
  }[]
}

const runOf = (sarif: object) => (sarif as { runs: Run[] }).runs[0]!

test('the document: version 2.1.0, the schema, one run of the tool cedk; a clean report has no results', () => {
  const sarif = toSarif(cleanReport()) as { version: string; $schema: string; runs: Run[] }
  expect(sarif.version).toBe('2.1.0')
  expect(sarif.$schema).toMatch(/sarif-2\.1\.0/)
  expect(sarif.runs).toHaveLength(1)
  expect(runOf(sarif).tool.driver.name).toBe('cedk')
  expect(runOf(sarif).results).toEqual([])
})

test('every runtime finding is a result with a rule, a level, a physical location and a fingerprint', () => {
  const run = runOf(toSarif(failingReport()))
  expect(run.results.map((r) => r.ruleId)).toEqual(['CE6-M01', 'CE6-M01', 'cedk/driver-crash', 'CE6-U01'])
  for (const r of run.results) {
    expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId)
    expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^examples\/legacy\/spec\//)
    expect(r.locations[0]!.physicalLocation.region.startLine).toBe(1)
    expect(r.partialFingerprints['cedkRuntime/v1']).toMatch(/^[0-9a-f]{32}$/)
  }
  expect(run.results[0]!.level).toBe('error')
  expect(run.results[0]!.message.text).toContain('legacy.dll in kernel mode, IOControl')
  expect(run.results[0]!.partialFingerprints).not.toEqual(run.results[1]!.partialFingerprints)
  const m01 = run.tool.driver.rules.find((r) => r.id === 'CE6-M01')!
  expect(m01.shortDescription.text.length).toBeGreaterThan(0)
  expect(m01.help.text).toContain('Fix:')
  expect(run.results[3]!.suppressions).toEqual([{ kind: 'external', justification: 'issue #12 (until 2030-01-01)' }])
})

test('static findings in the report (from `cedk scan --into-report`) join the same run with their file and line', () => {
  const report = { ...cleanReport(), static: { files: 1, findings: [{ rule: 'CE6-M07', file: 'src/legacy.ts', line: 12, column: 5, message: 'MapCallerPtr is gone in CE6' }] } }
  const run = runOf(toSarif(report))
  expect(run.results).toHaveLength(1)
  const r = run.results[0]!
  expect(r).toMatchObject({ ruleId: 'CE6-M07', level: 'error', properties: { detection: 'static', tier: 'must-fix' } })
  expect(r.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'src/legacy.ts' }, region: { startLine: 12, startColumn: 5 } })
  expect(r.message.text).toContain('Fix:')
})

test("a runtime violation that names the driver's source line is located there", () => {
  const report = failingReport()
  const source = ['src/legacy.ts:42:7 (getInfo)', 'src/legacy.ts:90:3 (IOControl)']
  for (const d of report.drivers) for (const m of Object.values(d.modes)) for (const v of m!.violations) v.source = source
  const r = runOf(toSarif(report)).results[0]!
  expect(r.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'src/legacy.ts' }, region: { startLine: 42, startColumn: 7 } })
  expect(r.properties['source']).toEqual(source)
})
