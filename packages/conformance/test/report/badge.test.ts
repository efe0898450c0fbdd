// The SVG badges and the shields.io endpoint JSON: the text they carry, their color, and per-driver badges.
import { expect, test } from 'vitest'
import { badgeFiles, driverBadge, overallBadge, renderBadge } from '../../src/report/badge.js'
import { driverEndpointJson, endpointJson, stringifyEndpoint } from '../../src/report/endpoint.js'
import { cleanReport, failingReport } from '../helpers/sample-reports.js'

test('the run badge says "CE6 conformance | kernel ✓ udevice ✓" in green when every cell passed', () => {
  const b = overallBadge(cleanReport())
  expect(b).toEqual({ label: 'CE6 conformance', message: 'kernel ✓ udevice ✓', color: 'brightgreen' })
  const svg = renderBadge(b)
  expect(svg.startsWith('<svg')).toBe(true)
  expect(svg).toContain('CE6 conformance')
  expect(svg).toContain('kernel ✓ udevice ✓')
  expect(renderBadge(b)).toBe(svg)
})

test('a failing mode is ✗ and red; waived only is ~; the rules style counts clean runtime rules', () => {
  const r = failingReport()
  expect(overallBadge(r)).toMatchObject({ message: 'kernel ✗ udevice ~', color: 'red' })
  const rules = overallBadge(r, 'rules')
  expect(rules.message).toMatch(/^\d+\/\d+ rules$/)
  const [passed, checked] = rules.message.split(' ')[0]!.split('/').map(Number)
  expect(checked! - passed!).toBe(1) // CE6-M01 broken; the waived CE6-U01 does not count
  expect(driverBadge(r.drivers.find((d) => d.dll === 'good.dll')!)).toEqual({ label: 'good.dll', message: 'kernel ✓', color: 'brightgreen' })
})

test('badgeFiles: one for the run, one per driver, named after the DLL', () => {
  const files = badgeFiles(failingReport())
  expect(files.map((f) => f.file)).toEqual(['badge.svg', 'badge-good.dll.svg', 'badge-legacy.dll.svg'])
  expect(files[2]!.svg).toContain('legacy.dll')
})

test('the endpoint JSON follows the shields.io endpoint schema (schemaVersion 1, label, message, color)', () => {
  const e = endpointJson(cleanReport())
  expect(e).toEqual({ schemaVersion: 1, label: 'CE6 conformance', message: 'kernel ✓ udevice ✓', color: 'brightgreen' })
  expect(JSON.parse(stringifyEndpoint(e))).toEqual(e)
  expect(driverEndpointJson(failingReport().drivers[1]!)).toEqual({ schemaVersion: 1, label: 'legacy.dll', message: 'kernel ✗ udevice ~', color: 'red' })
})
