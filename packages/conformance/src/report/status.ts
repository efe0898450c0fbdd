// The one-word state of a report, a driver or a mode, shared by the badge, the endpoint JSON and the Markdown
// summary: ✓ every cell passed, ~ passed with waivers, ✗ something failed, – nothing ran.
import { MODES, type Mode } from '../mode.js'
import type { CedkReport, DriverReport, ModeReport } from './json-report.js'
import { isFailing } from './verdict.js'

export type Status = 'pass' | 'waived' | 'fail' | 'none'

export const STATUS_MARK: Record<Status, string> = { pass: '✓', waived: '~', fail: '✗', none: '–' }
/** shields.io named colors. */
export const STATUS_COLOR: Record<Status, string> = { pass: 'brightgreen', waived: 'yellow', fail: 'red', none: 'lightgrey' }

export function modeReportStatus(m: ModeReport): Status {
  const cells = Object.values(m.families)
  if (cells.some((c) => isFailing(c.verdict)) || m.tests.failed > 0 || (m.properties?.failed ?? 0) > 0) return 'fail'
  if (!cells.length && !m.tests.passed) return 'none'
  return cells.some((c) => c.verdict === 'waived') ? 'waived' : 'pass'
}

export function worst(statuses: readonly Status[]): Status {
  const order: Status[] = ['fail', 'waived', 'pass']
  return order.find((s) => statuses.includes(s)) ?? 'none'
}

/** A mode over the given drivers. */
export function modeStatus(drivers: readonly DriverReport[], mode: Mode): Status {
  return worst(drivers.flatMap((d) => (d.modes[mode] ? [modeReportStatus(d.modes[mode])] : [])))
}

/** The modes that ran, in MODES order. */
export function modesRun(drivers: readonly DriverReport[]): Mode[] {
  return MODES.filter((m) => drivers.some((d) => d.modes[m]))
}

/** The whole run: what its cells say, and failing whenever the report is not ok (plan, expectations, load errors). */
export function reportStatus(report: CedkReport): Status {
  const s = worst(modesRun(report.drivers).map((m) => modeStatus(report.drivers, m)))
  return report.ok ? s : 'fail'
}

export function driverStatus(d: DriverReport): Status {
  return worst(modesRun([d]).map((m) => modeStatus([d], m)))
}

/** "kernel ✓ udevice ✗". */
export function modesMessage(drivers: readonly DriverReport[]): string {
  const modes = modesRun(drivers)
  return modes.length ? modes.map((m) => `${m} ${STATUS_MARK[modeStatus(drivers, m)]}`).join(' ') : 'no results'
}

/** Runtime rules checked in the modes that ran, and those no unwaived violation broke: "41/43 rules". */
export function ruleTally(report: CedkReport): { passed: number; checked: number } {
  const modes = modesRun(report.drivers)
  const checked = report.rules.filter((r) => r.detection.includes('runtime') && r.modes.some((m) => modes.includes(m)))
  const broken = new Set(report.drivers.flatMap((d) => Object.values(d.modes).flatMap((m) => m.violations.filter((v) => !v.waiver && v.severity === 'error').map((v) => v.rule))))
  return { passed: checked.filter((r) => !broken.has(r.id)).length, checked: checked.length }
}
