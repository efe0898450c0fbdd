// SARIF output against the structural check of sarif-structure.ts (what GitHub code scanning needs beyond the
// schema; the schema itself is checked in sarif-schema.test.ts).
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { analyze, FINGERPRINT_KEY, formatSarif, STATIC_RULES } from '../../src/index.js'
import { sarifProblems } from './sarif-structure.js'

const LEGACY = fileURLToPath(new URL('../../../../examples/legacy-ce5/', import.meta.url))

describe('SARIF 2.1.0 output', () => {
  const result = analyze([`${LEGACY}src`], { registryFiles: [`${LEGACY}legacy.reg`], root: LEGACY })
  const sarif = JSON.parse(formatSarif(result)) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, any>[] }[] }

  test('passes the structural check GitHub code scanning needs', () => {
    expect(sarifProblems(sarif)).toEqual([])
    expect(sarif.runs[0]!.results.length).toBe(result.findings.length)
  })

  test('the structural check does reject broken documents', () => {
    const broken = structuredClone(sarif) as any
    broken.version = '2.0.0'
    delete broken.runs[0].tool.driver.rules[0].help
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0
    broken.runs[0].results[0].ruleId = 'NOPE'
    expect(sarifProblems(broken)).toHaveLength(4)
  })

  test('describes every static rule, with help, and locates results relative to the root', () => {
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(STATIC_RULES.map((r) => r.id))
    const first = sarif.runs[0]!.results[0]!
    expect(first.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'src/legacy.ts', uriBaseId: 'SRCROOT' })
    expect(first.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}:\d+$/)
  })

  test('output is deterministic', () => {
    const again = analyze([`${LEGACY}src`], { registryFiles: [`${LEGACY}legacy.reg`], root: LEGACY })
    expect(formatSarif(again)).toBe(formatSarif(result))
  })
})
