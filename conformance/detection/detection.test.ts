// The detection corpus: the generated suite (the code path conformance() takes, run directly) on each buggy driver
// and its fixed twin. A buggy driver expected "found" must be flagged with its rule and one expected "missed" must
// not be (flip expectations.json when a change makes it found); every fixed twin is clean; the table in
// docs/conformance.md is the one a fresh run gives.
import { existsSync, readFileSync } from 'node:fs'
import { FAMILIES, getRule } from '@cedk/conformance'
import { describe, expect, test } from 'vitest'
import { caseNames, loadCase } from './detect.js'
import { DOC_COMMAND, DOC_PATH, clean, expectations, found, foundDescribed, renderSection, runCase, withSection, type CaseResult } from './table.js'

const names = caseNames()
const expected = expectations()
const results = new Map<string, Promise<CaseResult>>()

function resultOf(name: string): Promise<CaseResult> {
  let r = results.get(name)
  if (!r) results.set(name, (r = runCase(name)))
  return r
}

/** A case runs inference and the property suites on two drivers: seconds, more under load. */
const CASE_TIMEOUT = 120_000

const show = (r: CaseResult, which: 'buggy' | 'fixed'): string => [...r[which].findings.map((f) => `${f.rule} by ${f.suite}`), ...r[which].failures].join('\n')

test('the corpus: at least 15 cases, one expectation each, every rule family planted', async () => {
  expect(names.length).toBeGreaterThanOrEqual(15)
  expect(Object.keys(expected).sort()).toEqual(names)
  const cases = await Promise.all(names.map(loadCase))
  for (const { name, c } of cases) {
    expect(c.bug, name).toMatch(/^[^\n]+$/)
    for (const io of c.ioctls) expect(Object.keys(io).sort(), `${name}: a case gives only name, code, inSize and outSize`).toEqual(['code', 'inSize', 'name', 'outSize'])
  }
  expect(new Set(cases.map(({ c }) => getRule(c.expectedRule).family))).toEqual(new Set(FAMILIES.map((f) => f.id)))
})

for (const name of names) {
  describe(name, () => {
    const wanted = expected[name]
    test(`buggy.ts is ${wanted === 'found' ? '' : 'not yet '}flagged with its rule`, { timeout: CASE_TIMEOUT }, async () => {
      const r = await resultOf(name)
      if (wanted === 'found') expect(found(r), `${r.expectedRule} not among:\n${show(r, 'buggy')}`).toBe(true)
      else expect(found(r), `${name} is now found with ${r.expectedRule}: mark it "found" in expectations.json and run \`${DOC_COMMAND}\``).toBe(false)
    })
    test('fixed.ts is clean', { timeout: CASE_TIMEOUT }, async () => {
      const r = await resultOf(name)
      expect(clean(r.fixed), show(r, 'fixed')).toBe(true)
    })
    if (wanted === 'missed' && existsSync(new URL(`./${name}/described.ts`, import.meta.url))) {
      test('with the hand-written description of described.ts the bug is found and the twin stays clean', { timeout: CASE_TIMEOUT }, async () => {
        const r = await resultOf(name)
        const d = r.described!
        expect(foundDescribed(r), d.buggy.findings.map((f) => `${f.rule} by ${f.suite}`).join('\n')).toBe(true)
        expect(clean(d.fixed), [...d.fixed.findings.map((f) => `${f.rule} by ${f.suite}`), ...d.fixed.failures].join('\n')).toBe(true)
      })
    }
  })
}

test(`${DOC_PATH} has the current detection table`, { timeout: CASE_TIMEOUT }, async () => {
  const all = await Promise.all(names.map(resultOf))
  const doc = readFileSync(new URL(`../../${DOC_PATH}`, import.meta.url), 'utf8')
  expect(withSection(doc, renderSection(all)), `the table is stale: run \`${DOC_COMMAND}\``).toBe(doc)
})
