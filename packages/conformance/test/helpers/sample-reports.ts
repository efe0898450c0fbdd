// Reports for the output tests: a clean one, a failing one (a violation, a crash, a waived cell), built by the
// real buildReport from synthetic runs.
import { buildReport, type CedkReport, type CaseInput } from '../../src/report/index.js'
import { driverCases, runOf, violationRec } from './synthetic-run.js'

export function cleanReport(): CedkReport {
  return buildReport(runOf([...driverCases('good.dll', 'kernel'), ...driverCases('good.dll', 'udevice')]), { seed: 1 })
}

export function failingCases(): CaseInput[] {
  return [
    ...driverCases('good.dll', 'kernel'),
    ...driverCases('legacy.dll', 'kernel', {
      marshalling: { verdict: 'violation', violations: [violationRec(), violationRec({ entry: 'Read', message: 'a | pipe <b>' })] },
      robustness: { verdict: 'driver-crash', failures: [{ scenario: 'load and unload', family: 'robustness', verdict: 'driver-crash', message: 'did not complete: Init threw' }] },
    }),
    ...driverCases('legacy.dll', 'udevice', {
      ui: { verdict: 'waived', violations: [violationRec({ rule: 'CE6-U01', family: 'ui', mode: 'udevice', waiver: { reason: 'issue #12', expires: '2030-01-01' } })] },
    }),
  ]
}

export function failingReport(): CedkReport {
  return buildReport(runOf(failingCases()), { seed: 1 })
}
