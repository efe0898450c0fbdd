// The shape cedk-report.json takes static findings in, for the report code to merge with run-time violations by rule id.
import type { Finding } from './types.js'

export interface StaticReportFinding {
  rule: string
  file: string
  line: number
  column: number
  message: string
}

export function staticFindingsForReport(findings: readonly Finding[]): StaticReportFinding[] {
  return findings.map(({ rule, file, line, column, message }) => ({ rule, file, line, column, message }))
}
