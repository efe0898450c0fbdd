// What the HTML report's page reads: the cedk-report.json as written, plus what the page needs and the report does
// not carry (each rule's quote and fix, the replay command of each cell). Embedded in the page as JSON; shared by
// the Node side (html-report.ts) and the viewer (viewer/), type-only.
import type { CedkReport } from '../json-report.js'

export interface RuleInfo {
  id: string
  name: string
  title: string
  family: string
  severity: string
  quote: string
  source: string
  fix: string
  detect: string
}

export interface StaticFindingInfo {
  rule: string
  file: string
  line: number
  column: number
  message: string
}

export interface RuleFindingsInfo {
  runtime: number
  static: number
  drivers: string[]
  files: string[]
}

/** The report with the optional sections `cedk scan --into-report` adds. */
export type ReportWithStatic = CedkReport & {
  static?: { files: number; findings: StaticFindingInfo[] }
  byRule?: Record<string, RuleFindingsInfo>
}

export interface HtmlData {
  report: ReportWithStatic
  rules: RuleInfo[]
  /** The command that re-runs a cell, by "<dll>|<mode>|<family>". */
  replay: Record<string, string>
  /** The @cedk/conformance version that wrote the page. */
  version: string
}

/** A matrix cell's key: the row's label (unique per row, see json-report.ts), the mode and the family. */
export const cellKey = (row: string, mode: string, family: string): string => `${row}|${mode}|${family}`
