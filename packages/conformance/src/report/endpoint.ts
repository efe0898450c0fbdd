// The shields.io endpoint JSON (https://shields.io/badges/endpoint-badge): a badge served from a file the CI
// publishes, e.g. https://img.shields.io/endpoint?url=<raw URL of cedk-endpoint.json>.
import { overallBadge, driverBadge, type BadgeStyle } from './badge.js'
import type { CedkReport, DriverReport } from './json-report.js'

export interface ShieldsEndpoint {
  schemaVersion: 1
  label: string
  message: string
  color: string
}

export function endpointJson(report: CedkReport, style: BadgeStyle = 'modes'): ShieldsEndpoint {
  return { schemaVersion: 1, ...overallBadge(report, style) }
}

export function driverEndpointJson(d: DriverReport): ShieldsEndpoint {
  return { schemaVersion: 1, ...driverBadge(d) }
}

export function stringifyEndpoint(e: ShieldsEndpoint): string {
  return `${JSON.stringify(e, null, 2)}\n`
}
