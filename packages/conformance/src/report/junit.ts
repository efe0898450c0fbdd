// A JUnit XML file from cedk-report.json (`cedk report --format junit`): for a report that no longer has its vitest
// run behind it, such as the merge of shard reports. During a run, `cedk test --junit` writes JUnit through vitest's
// own reporter (vitest-junit.ts). Both give a cell the same outcome and properties (junit-properties.ts); this
// writer also leaves out times and host names, so the same report gives the same XML.
import type { Mode } from '../mode.js'
import { FAMILIES } from '../rules/family.js'
import { conformanceSuiteName, shortMessage } from './case-record.js'
import { describeWaiver } from './expectations.js'
import { driverModes, type CedkReport, type ModeReport } from './json-report.js'
import { junitOutcome, junitProperties, type JUnitOutcome, type JUnitProperty } from './junit-properties.js'

interface Case {
  name: string
  classname: string
  outcome: JUnitOutcome
  /** The one-line reason for a failure, error or skip; the body holds the detail. */
  message?: string
  type?: string
  body?: string
  properties: JUnitProperty[]
}

interface Suite {
  name: string
  cases: Case[]
}

export function toJUnit(report: CedkReport): string {
  const suites = [...driverModes(report.drivers).map(({ dll, label, mode, m }) => modeSuite(dll, label, mode, m)), runSuite(report)]
  const all = suites.flatMap((s) => s.cases)
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cedk conformance"${counts(all)}>`]
  for (const s of suites) {
    out.push(`  <testsuite name="${esc(s.name)}"${counts(s.cases)}>`)
    for (const c of s.cases) out.push(...caseXml(c))
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}

function counts(cases: readonly Case[]): string {
  const n = (o: JUnitOutcome) => cases.filter((c) => c.outcome === o).length
  return ` tests="${cases.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}"`
}

function modeSuite(dll: string, label: string, mode: Mode, m: ModeReport): Suite {
  const name = conformanceSuiteName(label, mode)
  const cases: Case[] = []
  for (const { id: family } of FAMILIES) {
    const cell = m.families[family]
    if (!cell) continue
    const findings = [
      ...m.violations.filter((v) => v.family === family).map((v) => `${v.waiver ? '(waived) ' : v.expected ? '(expected) ' : ''}${v.rule} in ${v.entry}, scenario "${v.scenario}": ${shortMessage(v)}`),
      ...m.failures.filter((f) => f.family === family).map((f) => `${f.verdict} in "${f.scenario}": ${f.message}`),
    ]
    const outcome = junitOutcome(cell.verdict)
    const c: Case = { name: family, classname: name, outcome, properties: junitProperties({ dll, mode, family, verdict: cell.verdict, seed: m.seed, rules: m.violations.filter((v) => v.family === family).map((v) => v.rule) }) }
    if (outcome !== 'passed') {
      c.message =
        cell.verdict === 'not-applicable' ? `no rule of ${family} is checked at run time in ${mode} mode`
        : cell.verdict === 'not-checked' ? 'not checked: the driver did not load in this mode'
        : `${cell.verdict}: ${findings.length} finding${findings.length === 1 ? '' : 's'}`
      c.type = cell.verdict
      if (findings.length) c.body = findings.join('\n')
    }
    cases.push(c)
  }
  const t = m.tests
  if (t.passed + t.failed + t.skipped > 0) {
    const props = [{ name: 'cedk.driver', value: dll }, { name: 'cedk.mode', value: mode }, { name: 'cedk.tests.passed', value: String(t.passed) }, { name: 'cedk.tests.failed', value: String(t.failed) }]
    cases.push({ name: 'describeDriver tests', classname: name, outcome: t.failed ? 'failure' : 'passed', properties: props, ...(t.failed ? { message: `${t.failed} describeDriver test(s) failed`, type: 'test-failure' } : {}) })
  }
  return { name, cases }
}

/** What fails a run outside any cell: the plan, the expectations file, modules that did not load. */
function runSuite(r: CedkReport): Suite {
  const name = 'cedk run'
  const problem = (caseName: string, lines: string[], outcome: JUnitOutcome): Case =>
    lines.length ? { name: caseName, classname: name, outcome, message: lines[0]!.split('\n')[0]!, type: caseName, body: lines.join('\n'), properties: [] } : { name: caseName, classname: name, outcome: 'passed', properties: [] }
  const ex = r.expectations
  return {
    name,
    cases: [
      problem('plan', r.plan.problems, 'failure'),
      problem('expectations', [...(ex.error ? [`${ex.file}: ${ex.error}`] : []), ...ex.expired.map((w) => `expired waiver: ${describeWaiver(w)}`), ...ex.unexpectedPasses.map((w) => `unexpected pass: ${describeWaiver(w)}`)], 'failure'),
      problem('modules', r.errors.map((e) => `${e.module}: ${e.message}`), 'error'),
    ],
  }
}

function caseXml(c: Case): string[] {
  const out = [`    <testcase name="${esc(c.name)}" classname="${esc(c.classname)}">`]
  if (c.properties.length) {
    out.push('      <properties>')
    for (const p of c.properties) out.push(`        <property name="${esc(p.name)}" value="${esc(p.value)}"/>`)
    out.push('      </properties>')
  }
  if (c.outcome !== 'passed') {
    const tag = c.outcome
    const attrs = `${c.message !== undefined ? ` message="${esc(c.message)}"` : ''}${c.type ? ` type="${esc(c.type)}"` : ''}`
    out.push(c.body ? `      <${tag}${attrs}>${esc(c.body)}</${tag}>` : `      <${tag}${attrs}/>`)
  }
  out.push('    </testcase>')
  return out
}

function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
