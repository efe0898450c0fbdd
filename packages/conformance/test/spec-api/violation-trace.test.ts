// A violation found by the generated scenarios carries the trace window around its evidence (cedk-trace/1).
import { expect, test } from 'vitest'
import m01 from '../../../../conformance/rules/CE6-M01/violates.js'
import { runScenarios } from '../../src/spec-api/scenarios.js'
import { MAX_TRACED, TRACE_AFTER, TRACE_BEFORE } from '../../src/spec-api/violation-trace.js'
import { echoOptions, echoRegistry } from '../helpers/echo-driver.js'

test('each traced violation carries the window around its event, with the threads and processes in it', async () => {
  const run = await runScenarios(m01, echoOptions({ registry: echoRegistry('m01.dll') }), 'kernel', 1)
  const found = run.violations.filter((v) => v.rule === 'CE6-M01')
  expect(found.length).toBeGreaterThan(0)
  for (const v of found.filter((x) => x.trace)) {
    const t = v.trace!
    expect(t.schema).toBe('cedk-trace/1')
    expect(t.focus).toBe(v.event!.seq)
    const focus = t.events.find((e) => e.seq === t.focus)!
    expect(focus.text).toBe(v.event!.text)
    expect(t.events.length).toBeLessThanOrEqual(TRACE_BEFORE + TRACE_AFTER + 1)
    expect(t.processes.some((p) => p.kind === 'kernel')).toBe(true)
    expect(t.threads.some((th) => th.tid === focus.tid)).toBe(true)
  }
  for (const sc of run.scenarios) expect(run.violations.filter((v) => v.scenario === sc && v.trace).length).toBeLessThanOrEqual(MAX_TRACED)
  expect(found.some((v) => v.trace)).toBe(true)
})
