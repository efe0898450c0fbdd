// The terminal matrix: rows by driver and mode, a column per family, notes on what failed.
import { expect, test } from 'vitest'
import { buildReport, renderMatrix } from '../../src/report/index.js'
import { driverCases, familyCase, runOf, violationRec } from '../helpers/synthetic-run.js'

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '')

// Both colour states: CI sets CI=1, which turns picocolors on, and padding once hid inside the colour codes there.
test.each([false, true])('one row per driver and mode, verdicts with counts, notes for each finding, the plan and the outcome (colors %s)', (colors) => {
  const cases = [
    ...driverCases('legacy.dll', 'kernel', {
      marshalling: { verdict: 'violation', violations: [violationRec(), violationRec()] },
      privileges: { verdict: 'not-applicable' },
      robustness: { verdict: 'hang', failures: [{ scenario: 'deactivate with open handles', family: 'robustness', verdict: 'hang', message: 'did not complete: hang' }] },
    }),
    ...driverCases('legacy.dll', 'udevice', { ui: { verdict: 'waived', violations: [violationRec({ rule: 'CE6-U02', family: 'ui', mode: 'udevice', waiver: { reason: 'known', expires: '2030-01-01' } })] } }),
  ]
  cases.push(familyCase('legacy.dll', 'udevice', 'callbacks', null, 'skipped'))
  const raw = renderMatrix(buildReport(runOf(cases), { seed: 3 }), { colors })
  expect(raw.includes('\x1b[')).toBe(colors)
  const text = plain(raw)
  const lines = text.split('\n')
  expect(lines[0]).toBe('cedk conformance — seed 3')
  expect(lines[2]).toMatch(/^driver\s+mode\s+marshalling\s+async-buffers\s+callbacks\s+privileges\s+ui\s+robustness$/)
  expect(lines[3]).toMatch(/^legacy\.dll\s+kernel\s+✗ violation 2\s+✓ pass\s+✓ pass\s+– n\/a\s+✓ pass\s+✗ hang 1$/)
  expect(lines[4]).toMatch(/^legacy\.dll\s+udevice\s+✓ pass\s+✓ pass\s+✓ pass\s+✓ pass\s+~ waived 1\s+✓ pass$/)
  expect(text).toContain('✗ legacy.dll kernel CE6-M01 ×2 in IOControl, scenario "each IOCTL with valid buffers": read of 4 bytes')
  expect(text).toContain('~ legacy.dll udevice CE6-U02 in IOControl')
  expect(text).toContain('(waived: known, until 2030-01-01)')
  expect(text).toContain('✗ legacy.dll kernel hang in "deactivate with open handles": did not complete: hang')
  expect(text).toContain('✗ plan: 13 cases planned, 12 run')
  expect(text).toContain('planned but skipped')
  expect(lines.at(-1)).toBe('conformance: FAILED')
})

test('a clean run ends with ok and says when nothing ran', () => {
  expect(plain(renderMatrix(buildReport(runOf(driverCases('a.dll', 'kernel')), { seed: 1 })))).toMatch(/plan: 6 cases planned, 6 run\nconformance: ok$/)
  expect(plain(renderMatrix(buildReport(runOf([]), { seed: 1 })))).toContain('(no conformance cases ran)')
})
