// The fixtures of describeDriver tests, through vitest's test.extend: a fresh machine per test with the verifier
// attached, the activated device, a caller process, the mode, and the verifier's live violations.
import { expect, test, type TestAPI } from 'vitest'
import type { CallerProcess, DeviceInfo, DriverModule, HardwareSlot, Machine, TraceEvent } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type {} from '../provided-context.js'
import { violationRecord, type DriverTest } from '../report/case-record.js'
import type { Violation } from '../verifier/violation.js'
import { bootDriver, type DriverMachine } from './driver-machine.js'
import { failureReport, formatViolation, namesOf } from './failure-message.js'
import type { DriverOptions } from './options.js'
import { runExpectations, specSeed } from './run-settings.js'
import { testFindings } from './test-findings.js'
import { registerViolationSource } from './violation-view.js'

export interface ActiveDevice {
  /** The device handle ActivateDeviceEx returned (for DeactivateDevice). */
  handle: number
  /** The name to open, e.g. "COM1:". */
  name: string
  info: DeviceInfo
}

export interface DriverFixtures<H extends readonly HardwareSlot[] = readonly HardwareSlot[]> {
  mode: Mode
  machine: Machine
  /** The driver, activated from its registry key; a failed activation fails the test with the reason. */
  device: ActiveDevice
  /** A user process, "app.exe", to make calls as an application would. */
  caller: CallerProcess
  /** The verifier's findings so far (live: it grows as the test goes on). */
  violations: Violation[]
  /** The simulated devices this test's machine was built with. */
  hardware: H
  /** Shut the machine down now; resolves with every violation, the end-of-run ones (leaks) included. */
  shutdown: () => Promise<Violation[]>
}

interface Internal {
  cedkMachine: DriverMachine
  cedkTag: void
  /** Whether the test called `shutdown()` itself (then it has seen the end-of-run findings). */
  cedkShutdown: { calledByTest: boolean }
}

export type DriverTestAPI<H extends readonly HardwareSlot[]> = TestAPI<DriverFixtures<H> & Internal>

export function driverTest<H extends readonly HardwareSlot[]>(driver: DriverModule, options: DriverOptions, mode: Mode): DriverTestAPI<H> {
  const { seed, pinned } = specSeed(options.seed)
  const tag: DriverTest = { kind: 'test', dll: driver.dll, ...(driver.source && { definition: driver.source }), mode }
  return test.extend<DriverFixtures<H> & Internal>({
    cedkTag: [
      async ({ task }, use) => {
        task.meta.cedk = tag
        await use()
      },
      { auto: true },
    ],
    cedkShutdown: async ({}, use) => use({ calledByTest: false }),
    cedkMachine: async ({ task, cedkShutdown }, use) => {
      // vitest's test context is a function (for the legacy done callback): assigning the `caller` fixture to it
      // would hit Function.prototype's strict-mode poison pill, so it gets an own property first (caller depends
      // on this fixture, so this runs before).
      Object.defineProperty(task.context, 'caller', { value: undefined, writable: true, configurable: true, enumerable: true })
      const dm = bootDriver(driver, options, mode, seed)
      const format = dm.machine.trace.format.bind(dm.machine.trace)
      registerViolationSource(dm.verifier.violations, { format, seed, pinned })
      try {
        await use(dm)
      } finally {
        const seen = new Set(dm.verifier.violations)
        const all = await dm.shutdown()
        // What the verifier found counts in the driver's cells: the rules the test asserted with toViolate are
        // expected there, the rest are violations like any other (docs/report-schema.md).
        task.meta.cedk = { ...tag, result: { violations: testFindings(dm, all, `test: ${task.name}`, task.file.filepath, runExpectations()) } }
        // What only the fixture's shutdown found (a leak at Close or Deinit, a rule broken while the machine closed the
        // test's handles and unloaded the driver) fails the test; a test that called shutdown() has judged it itself.
        const unseen = cedkShutdown.calledByTest ? [] : all.filter((v) => !seen.has(v))
        if (unseen.length) throw teardownFailure(unseen, format, { seed, pinned })
      }
    },
    mode,
    machine: async ({ cedkMachine }, use) => use(cedkMachine.machine),
    hardware: async ({ cedkMachine }, use) => use(cedkMachine.hardware as unknown as H),
    violations: async ({ cedkMachine }, use) => use(cedkMachine.verifier.violations),
    shutdown: async ({ cedkMachine, cedkShutdown }, use) =>
      use(() => {
        cedkShutdown.calledByTest = true
        return cedkMachine.shutdown()
      }),
    device: async ({ cedkMachine }, use) => use(await activate(cedkMachine)),
    caller: async ({ cedkMachine }, use) => use(cedkMachine.machine.createProcess('app.exe')),
  })
}

function teardownFailure(unseen: readonly Violation[], format: (e: TraceEvent) => string, seed: { seed: number; pinned: boolean }): Error {
  const { testPath, currentTestName } = expect.getState()
  const n = unseen.length
  const title = `the machine's shutdown after this test found ${n} violation${n === 1 ? '' : 's'} the test did not check (call shutdown() in the test to check them yourself):`
  const err = new Error(failureReport(title, unseen.map((v) => formatViolation(violationRecord(v, '', format))), { file: testPath, names: namesOf(currentTestName), ...seed }))
  err.name = 'ConformanceFailure'
  err.stack = `ConformanceFailure: ${err.message}` // the frames would point into the fixture, not the driver
  return err
}

async function activate(dm: DriverMachine): Promise<ActiveDevice> {
  const act = await dm.activate()
  // The reason names what the verifier recorded during the activation (a privileged call refused in Init, …).
  if (!act.ok || !act.device) throw new Error(`the driver did not load in ${dm.mode} mode: ${dm.whyNotLoaded(act)}`)
  return { handle: act.handle, name: act.device.legacyName ?? act.device.name ?? '', info: act.device }
}
