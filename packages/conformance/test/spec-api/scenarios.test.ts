// The generated scenario set on small drivers: a correct one is clean, one whose Init throws and one whose IOCTL
// never returns give failing, explained findings, and the run never hangs or crashes.
import { describe, expect, test } from 'vitest'
import { MODES } from '../../src/index.js'
import { familyResult } from '../../src/spec-api/family-result.js'
import { runScenarios, scenarios } from '../../src/spec-api/scenarios.js'
import { echo, echoOptions, echoRegistry, hangs, HANG_CODE, initThrows } from '../helpers/echo-driver.js'

test('the scenario set: load/unload, two processes, IOCTLs, bad pointers, exit and deactivate with open handles', () => {
  expect(scenarios([]).map((s) => s.title)).toEqual([
    'load and unload',
    'open and close from two processes',
    'each IOCTL with valid buffers',
    'bad first-level pointers',
    'process exit with open handles',
    'deactivate with open handles',
  ])
})

describe.each(MODES)('in %s mode', (mode) => {
  test('a correct driver runs every scenario with no violation and no failed step', async () => {
    const run = await runScenarios(echo, echoOptions(), mode, 1)
    expect(run.harnessError).toBeUndefined()
    expect(run.scenarios).toHaveLength(6)
    expect(run.failures).toEqual([])
    expect(run.violations.map((v) => `${v.rule} in "${v.scenario}": ${v.message}`)).toEqual([])
  })

  test('a driver whose Init throws: the exception is the robustness finding, once, and nothing else is checked', async () => {
    const run = await runScenarios(initThrows, echoOptions({ registry: echoRegistry('broken.dll') }), mode, 1)
    // Every scenario would start with the same failing activation: the run stops after the first.
    expect(run.scenarios).toEqual(['load and unload'])
    expect(run.notLoaded).toMatch(/did not load: ActivateDeviceEx\(Drivers\\BuiltIn\\Echo\) failed with \w+ after CE6-R02 .*Init blew up/)
    expect(run.violations.map((v) => v.rule)).toEqual(['CE6-R02'])
    expect(run.failures).toEqual([])
    const robustness = familyResult(run, 'robustness', undefined)
    expect(robustness.verdict).toBe('driver-crash')
    // Nothing else was checked, so no other family is a pass: it says so, with the reason.
    const marshalling = familyResult(run, 'marshalling', undefined)
    expect(marshalling.verdict).toBe('not-checked')
    expect(marshalling.failures[0]!.message).toMatch(/^not checked: did not load \(.*CE6-R02/)
  })

  test('an IOCTL that never returns is a hang, and the other scenarios still run', async () => {
    const options = echoOptions({ registry: echoRegistry('hangs.dll'), ioctls: [{ name: 'HANG', code: HANG_CODE, inSize: 0, outSize: 0 }] })
    const run = await runScenarios(hangs, options, mode, 1)
    expect(run.scenarios).toHaveLength(6)
    expect(run.failures.find((f) => f.scenario === 'each IOCTL with valid buffers')).toMatchObject({ verdict: 'hang' })
    expect(familyResult(run, 'robustness', undefined).verdict).toBe('hang')
  })
})

test('registry text without the driver key is a harness error in every family, with the reason', async () => {
  const run = await runScenarios(echo, echoOptions({ registry: echoRegistry('other.dll') }), 'kernel', 1)
  expect(run.harnessError).toMatch(/no key has "Dll"="echo.dll"/)
  const r = familyResult(run, 'ui', undefined)
  expect(r.verdict).toBe('harness-error')
  expect(r.failures[0]!.message).toMatch(/no key has "Dll"="echo.dll"/)
})
