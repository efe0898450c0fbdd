import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { RULES_DOC_COMMAND, RULES_DOC_PATH, renderRulesDoc } from '../src/index.js'

test(`${RULES_DOC_PATH} is generated from the current rule table`, () => {
  const checkedIn = readFileSync(new URL(`../../../${RULES_DOC_PATH}`, import.meta.url), 'utf8')
  const current = checkedIn === renderRulesDoc()
  expect(current, `${RULES_DOC_PATH} is out of date: run \`${RULES_DOC_COMMAND}\``).toBe(true)
})

test('the document lists every rule with its quote', () => {
  const doc = renderRulesDoc()
  expect(doc).toContain('### CE6-M01 unmarshalled-embedded-pointer')
  expect(doc).toContain('> Call-backs from a user-mode driver to any process are also prohibited.')
  expect(doc).toContain('— fact sheet §10.2')
})
