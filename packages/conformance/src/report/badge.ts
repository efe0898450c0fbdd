// SVG badges (badge-maker, the shields.io renderer): one for the run — "CE6 conformance | kernel ✓ udevice ✓" or
// "CE6 conformance | 41/43 rules" — and one per driver. Pure functions of the report: the same report, the same SVG.
import { makeBadge } from 'badge-maker'
import type { CedkReport, DriverReport } from './json-report.js'
import { driverStatus, modesMessage, reportStatus, ruleTally, STATUS_COLOR } from './status.js'

export type BadgeStyle = 'modes' | 'rules'

export interface BadgeContent {
  label: string
  message: string
  /** A shields.io color name. */
  color: string
}

export const OVERALL_LABEL = 'CE6 conformance'

export function overallBadge(report: CedkReport, style: BadgeStyle = 'modes'): BadgeContent {
  const color = STATUS_COLOR[reportStatus(report)]
  if (style === 'rules') {
    const { passed, checked } = ruleTally(report)
    return { label: OVERALL_LABEL, message: `${passed}/${checked} rules`, color }
  }
  return { label: OVERALL_LABEL, message: modesMessage(report.drivers), color }
}

export function driverBadge(d: DriverReport): BadgeContent {
  return { label: d.label, message: modesMessage([d]), color: STATUS_COLOR[driverStatus(d)] }
}

export function renderBadge(b: BadgeContent): string {
  return makeBadge({ label: b.label, message: b.message, color: b.color, style: 'flat' })
}

/** Every badge of a report by file name: badge.svg for the run, badge-<dll>.svg per driver. */
export function badgeFiles(report: CedkReport, style: BadgeStyle = 'modes'): { file: string; svg: string }[] {
  return [
    { file: 'badge.svg', svg: renderBadge(overallBadge(report, style)) },
    ...report.drivers.map((d) => ({ file: `badge-${safeName(d.label)}.svg`, svg: renderBadge(driverBadge(d)) })),
  ]
}

export function safeName(dll: string): string {
  return dll.toLowerCase().replace(/[^a-z0-9._-]+/g, '_')
}
