// The JUnit file from a report: a test case per cell with cedk.rule / cedk.mode / cedk.verdict properties;
// violation → <failure>, crash or hang → <error>, waived → <skipped>.
import { expect, test } from 'vitest'
import { toJUnit } from '../../src/report/junit.js'
import { junitOutcome } from '../../src/report/junit-properties.js'
import { failingReport, cleanReport } from '../helpers/sample-reports.js'

function testcase(xml: string, suite: string, name: string): string {
  const s = xml.indexOf(`<testsuite name="${suite}"`)
  const start = xml.indexOf(`<testcase name="${name}"`, s)
  return xml.slice(start, xml.indexOf('</testcase>', start))
}

test('verdicts map to JUnit outcomes', () => {
  expect(junitOutcome('violation')).toBe('failure')
  expect(junitOutcome('leak')).toBe('failure')
  expect(junitOutcome('driver-crash')).toBe('error')
  expect(junitOutcome('hang')).toBe('error')
  expect(junitOutcome('waived')).toBe('skipped')
  expect(junitOutcome('pass')).toBe('passed')
})

test('each cell is a test case with its properties and outcome; the counts add up', () => {
  const xml = toJUnit(failingReport())
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cedk conformance"')).toBe(true)
  const m = testcase(xml, 'conformance of legacy.dll in kernel mode', 'marshalling')
  expect(m).toContain('<property name="cedk.rule" value="CE6-M01"/>')
  expect(m).toContain('<property name="cedk.mode" value="kernel"/>')
  expect(m).toContain('<property name="cedk.verdict" value="violation"/>')
  expect(m).toMatch(/<failure message="violation: 2 findings" type="violation">CE6-M01 in IOControl/)
  expect(m).toContain('a | pipe &#60;b&#62;')
  const crash = testcase(xml, 'conformance of legacy.dll in kernel mode', 'robustness')
  expect(crash).toMatch(/<error message="driver-crash: 1 finding" type="driver-crash">driver-crash in &#34;load and unload&#34;: did not complete/)
  const waived = testcase(xml, 'conformance of legacy.dll in udevice mode', 'ui')
  expect(waived).toContain('<property name="cedk.rule" value="CE6-U01"/>')
  expect(waived).toMatch(/<skipped message="waived: 1 finding" type="waived">\(waived\) CE6-U01/)
  expect(xml).toMatch(/<testsuites name="cedk conformance" tests="21" failures="1" errors="1" skipped="1">/)
  expect(xml).not.toMatch(/timestamp|hostname|time=/)
})

test('a clean report: no failure or error, and the run suite passes', () => {
  const xml = toJUnit(cleanReport())
  expect(xml).not.toMatch(/<failure|<error/)
  expect(xml).toContain('<testsuite name="cedk run" tests="3" failures="0" errors="0" skipped="0">')
})
