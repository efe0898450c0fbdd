// conformance() registers a describe per mode and a test per rule family, each carrying its case to the reporter.
import { expect, test, type RunnerTestSuite } from 'vitest'
import { FAMILIES, conformance } from '../../src/index.js'
import { caseFailure } from '../../src/spec-api/conformance.js'
import { echo, echoOptions } from '../helpers/echo-driver.js'

conformance(echo, echoOptions({ modes: ['udevice'] }))

test('one describe per mode, one test per family, each with its planned case and, once run, its result', ({ task }) => {
  const suite = task.file.tasks.find((t) => t.name === 'conformance of echo.dll in udevice mode') as RunnerTestSuite
  expect(suite.meta.cedkPlan).toEqual({ dll: 'echo.dll', mode: 'udevice', cases: FAMILIES.length })
  expect(suite.tasks.map((t) => t.name)).toEqual(FAMILIES.map((f) => f.id))
  for (const t of suite.tasks) {
    expect(t.meta.cedk).toMatchObject({ kind: 'family', dll: 'echo.dll', mode: 'udevice', family: t.name })
    expect(t.meta.cedk?.kind === 'family' && t.meta.cedk.result?.verdict).toMatch(/^(pass|not-applicable)$/)
  }
  expect(task.file.tasks.some((t) => t.name.includes('kernel mode'))).toBe(false)
})

test('a failing case names the verdict, each violation with its event and stack, and the re-run command', () => {
  const err = caseFailure(
    'echo.dll',
    'kernel',
    'marshalling',
    {
      seed: 7,
      verdict: 'violation',
      scenarios: ['bad first-level pointers'],
      failures: [],
      violations: [
        {
          rule: 'CE6-M01',
          family: 'marshalling',
          severity: 'error',
          mode: 'kernel',
          driver: 'echo.dll',
          entry: 'IOControl',
          scenario: 'bad first-level pointers',
          message: 'read of 4 bytes at 0x00012000 (origin caller)',
          event: { seq: 41, type: 'mem-read', time: 0, tid: 3, text: '0.000ms t3 mem-read 0x00012000 4' },
          stack: ['echo.dll!ECH_IOControl', 'DeviceIoControl', 'app.exe'],
          fix: 'Open it with CeOpenCallerBuffer.',
        },
      ],
    },
    undefined,
  )
  expect(err.message).toContain('marshalling: violation — echo.dll in kernel mode (1 violation')
  expect(err.message).toContain('CE6-M01 unmarshalled-embedded-pointer')
  expect(err.message).toContain('event    0.000ms t3 mem-read 0x00012000 4')
  expect(err.message).toMatch(/stack {4}echo\.dll!ECH_IOControl\n {11}DeviceIoControl\n {11}app\.exe/)
  expect(err.message).toContain("re-run this case: CEDK_SEED=1 npx vitest run packages/conformance/test/spec-api/conformance.test.ts -t 'a failing case")
})
