// conformance(driver, options): the generated suite. For each mode, a describe whose tests are the rule families;
// the mode's scenario set runs once, on first need, and each family test judges its share of what it found.
import { describe, expect, test } from 'vitest'
import type {} from '../provided-context.js'
import type { DriverModule } from '@cedk/kernel'
import { MODES, type Mode } from '../mode.js'
import { conformanceSuiteName, type FamilyCase, type FamilyResult, type SuitePlan } from '../report/case-record.js'
import { isFailing } from '../report/verdict.js'
import { FAMILIES, type Family } from '../rules/family.js'
import { failureReport, formatFailure, formatViolation, namesOf } from './failure-message.js'
import { familyResult } from './family-result.js'
import { checkDriverArgument } from './driver-argument.js'
import type { ConformanceOptions, IoctlSpec } from './options.js'
import { runExpectations, specSeed } from './run-settings.js'
import { modeRuns, type ModeRuns } from './mode-runs.js'
import { isDescription } from '../properties/ioctl-spec.js'
import { propertySuites } from '../properties/suites.js'
import { inferenceOn, inferredSuites } from '../properties/infer/inferred-suites.js'
import { describeOutput, describeTest } from '../properties/infer/describe-mode.js'

export function conformance(driver: DriverModule, options: ConformanceOptions): void {
  checkDriverArgument('conformance', driver)
  const describing = describeOutput()
  if (describing) return describeTest(driver, options, describing) // `cedk describe`: the descriptions, nothing else
  const runs = modeRuns(driver, options)
  const shown = new Map<string, string>()
  for (const mode of options.modes ?? MODES) registerMode(driver, options, mode, runs, shown)
  const described = (options.ioctls ?? []).filter(isDescription)
  if (described.length) propertySuites(driver, { ...options, ioctls: described })
  const plain = (options.ioctls ?? []).filter((x): x is IoctlSpec => !isDescription(x))
  if (plain.length && inferenceOn(options)) inferredSuites(driver, options, plain)
}

/** `shown`: harness errors already printed by an earlier case of this conformance() call, and which case printed them. */
function registerMode(driver: DriverModule, options: ConformanceOptions, mode: Mode, runs: ModeRuns, shown: Map<string, string>): void {
  const plan: SuitePlan = { dll: driver.dll, mode, cases: FAMILIES.length }
  describe(conformanceSuiteName(driver.dll, mode), { meta: { cedkPlan: plan } }, () => {
    const once = () => runs(mode)
    for (const { id: family } of FAMILIES) {
      const planned: FamilyCase = { kind: 'family', dll: driver.dll, ...(driver.source && { definition: driver.source }), mode, family }
      test(family, { meta: { cedk: planned } }, async ({ task }) => {
        const result = familyResult(await once(), family, runExpectations(), task.file.filepath)
        task.meta.cedk = { ...planned, result }
        if (!isFailing(result.verdict)) return
        // A machine that cannot boot fails every case of the driver the same way: the first case prints the error,
        // the others point to it (the report still has it in every cell).
        const boot = result.verdict === 'harness-error' ? result.failures.find((f) => f.verdict === 'harness-error')?.message : undefined
        const first = boot === undefined ? undefined : shown.get(boot)
        if (boot !== undefined && first !== undefined) throw sameHarnessError(driver.dll, mode, family, first)
        if (boot !== undefined) shown.set(boot, `${mode} mode, ${family}`)
        throw caseFailure(driver.dll, mode, family, result, options.seed)
      })
    }
  })
}

function sameHarnessError(dll: string, mode: Mode, family: Family, first: string): Error {
  const err = new Error(`${family}: harness-error — ${dll} in ${mode} mode: the same error as the case "${first}" (printed there)`)
  err.stack = `ConformanceFailure: ${err.message}`
  err.name = 'ConformanceFailure'
  return err
}

/** @internal The error a failing case throws (exported for tests). */
export function caseFailure(dll: string, mode: Mode, family: Family, r: FamilyResult, seed: number | undefined): Error {
  const open = r.violations.filter((v) => !v.waiver && v.severity === 'error')
  const title = `${family}: ${r.verdict} — ${dll} in ${mode} mode (${open.length} violation${open.length === 1 ? '' : 's'}, ${r.failures.length} failed scenario step${r.failures.length === 1 ? '' : 's'})`
  const { testPath, currentTestName } = expect.getState()
  const body = [...open.map(formatViolation), ...r.failures.map(formatFailure)]
  const err = new Error(failureReport(title, body, { file: testPath, names: namesOf(currentTestName), ...specSeed(seed) }))
  err.stack = `ConformanceFailure: ${err.message}` // the frames would point into the framework, not the driver
  err.name = 'ConformanceFailure'
  return err
}
