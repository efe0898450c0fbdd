import { describe, expect, test } from 'vitest'
import { FAMILIES, MODES, RULES, findRule, getRule, rulesOf } from '../src/index.js'
import { existsSync, readFileSync } from 'node:fs'
import { normalizeSpace, sourceText, sourcesDir, sourcesPresent, upstream, vendoredPaths } from './helpers/rule-sources.js'

describe('the rule table', () => {
  test('ids are well formed, unique, and numbered from 01 in each family', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length)
    for (const family of FAMILIES) {
      const ids = rulesOf(family.id).map((r) => r.id)
      expect(ids).toEqual(ids.map((_, i) => `CE6-${family.letter}${String(i + 1).padStart(2, '0')}`))
    }
    for (const r of RULES) expect(r.id).toMatch(/^CE6-[MACPUR]\d{2}$/)
  })

  test('every family is present, in family order', () => {
    for (const family of FAMILIES) expect(rulesOf(family.id).length, family.id).toBeGreaterThan(0)
    const order = RULES.map((r) => FAMILIES.findIndex((f) => f.id === r.family))
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })

  test('names are unique kebab-case', () => {
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length)
    for (const r of RULES) expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  test('every rule names its modes, severity, detection, check and fix', () => {
    for (const r of RULES) {
      expect(r.modes.length, r.id).toBeGreaterThan(0)
      expect(new Set(r.modes).size, r.id).toBe(r.modes.length)
      for (const m of r.modes) expect(MODES, r.id).toContain(m)
      expect(['error', 'warning'], r.id).toContain(r.severity)
      expect(r.detection.length, r.id).toBeGreaterThan(0)
      expect(new Set(r.detection).size, r.id).toBe(r.detection.length)
      for (const text of [r.title, r.quote, r.detect, r.fix]) expect(text.trim(), r.id).not.toBe('')
      expect(r.source, r.id).toMatch(/^(seed|facts §\d+(\.\d+)*)$/)
    }
  })

  test('rules are found by id', () => {
    expect(getRule('CE6-M01').name).toBe('unmarshalled-embedded-pointer')
    expect(findRule('CE6-X99')).toBeUndefined()
    expect(() => getRule('CE6-X99')).toThrow(/unknown rule CE6-X99/)
  })
})

test('the quoted sources are present (docs/sources)', () => {
  expect(sourcesPresent, `missing ce6-drivers.txt / ce6-facts.md in ${sourcesDir}`).toBe(true)
})

describe.skipIf(!existsSync(upstream.seed) || !existsSync(upstream.facts))('the vendored sources', () => {
  test('docs/sources holds the same texts as the project originals', () => {
    expect(readFileSync(vendoredPaths.seed, 'utf8')).toBe(readFileSync(upstream.seed, 'utf8'))
    expect(readFileSync(vendoredPaths.facts, 'utf8')).toBe(readFileSync(upstream.facts, 'utf8'))
  })
})

describe(`the quotes (from ${sourcesDir})`, () => {
  test.each(RULES.map((r) => [r.id, r] as const))('%s quotes its source verbatim', (_, r) => {
    expect(normalizeSpace(sourceText(r.source))).toContain(normalizeSpace(r.quote))
  })
})
