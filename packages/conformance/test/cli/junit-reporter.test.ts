// `cedk test --junit`: vitest's own JUnit reporter, with each conformance case's verdict: a violation a <failure>,
// a hang an <error>, a waived or not-applicable cell <skipped>, rule ids, mode and verdict as per-test properties.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { cedk, FIXTURES, tempDir } from './helpers.js'

/** The <testcase> elements of a JUnit file: name, classname, the outcome element, the properties. */
function testcases(xml: string) {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)].map(([, classname, name, body]) => ({
    file: classname!,
    name: name!,
    outcome: /<error /.test(body!) ? 'error' : /<failure /.test(body!) ? 'failure' : /<skipped\/>/.test(body!) ? 'skipped' : 'passed',
    props: [...body!.matchAll(/<property name="([^"]*)" value="([^"]*)">/g)].map(([, n, v]) => `${n}=${v}`),
  }))
}

test('each conformance case carries its verdict: failure, error or skipped, with rule, mode and verdict properties', async () => {
  const dir = tempDir()
  const out = join(dir, 'junit.xml')
  const r = await cedk(FIXTURES, 'test', 'junit/', '--config', 'vitest.fixtures.config.ts', '--reporter=dot', '--report-file', 'false', '--expectations', 'junit/junit.expect.json', '--junit', out)
  expect(r.code).toBe(1)
  const xml = readFileSync(out, 'utf8')
  const cases = testcases(xml)

  const m01 = cases.filter((c) => c.props.includes('cedk.driver=m01.dll'))
  const kernel = m01.find((c) => c.props.includes('cedk.mode=kernel') && c.props.includes('cedk.family=marshalling'))!
  expect(kernel.outcome).toBe('failure')
  expect(kernel.props).toEqual(expect.arrayContaining(['cedk.verdict=violation', 'cedk.rule=CE6-M01', 'cedk.seed=1']))
  const waived = m01.find((c) => c.props.includes('cedk.mode=udevice') && c.props.includes('cedk.family=marshalling'))!
  expect(waived).toMatchObject({ outcome: 'skipped', props: expect.arrayContaining(['cedk.verdict=waived', 'cedk.rule=CE6-M01']) })
  const passed = m01.find((c) => c.props.includes('cedk.mode=kernel') && c.props.includes('cedk.family=ui'))!
  expect(passed).toMatchObject({ outcome: 'passed', props: expect.arrayContaining(['cedk.verdict=pass']) })
  expect(m01.some((c) => c.outcome === 'skipped' && c.props.includes('cedk.verdict=not-applicable'))).toBe(true)

  const hang = cases.find((c) => c.props.includes('cedk.driver=hangs.dll') && c.props.includes('cedk.verdict=hang'))!
  expect(hang.outcome).toBe('error')
  const opens = cases.find((c) => c.name.endsWith('opens') && c.props.includes('cedk.driver=hangs.dll'))
  expect(opens).toMatchObject({ outcome: 'passed', props: ['cedk.driver=hangs.dll', 'cedk.mode=kernel'] })

  // The suite counts follow the outcomes: errors apart from failures.
  const suites = [...xml.matchAll(/<testsuite name="([^"]*)"[^>]* tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)].map(([, name, t, f, e, s]) => ({ name, t: +t!, f: +f!, e: +e!, s: +s! }))
  const count = (file: string, o: string) => cases.filter((c) => c.file.includes(file) && c.outcome === o).length
  for (const s of suites) {
    const file = s.name!.split('/').pop()!
    expect([s.f, s.e, s.s]).toEqual([count(file, 'failure'), count(file, 'error'), count(file, 'skipped')])
  }
  expect(suites.map((s) => s.name).sort()).toEqual(['junit/hang.fixture.ts', 'junit/m01.fixture.ts'])
}, 30_000)
