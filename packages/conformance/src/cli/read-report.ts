// Reading a cedk-report.json given on the command line: a missing file, bad JSON or another schema is a usage
// error naming the file (and, for JSON, where it broke).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { REPORT_SCHEMA, type CedkReport } from '../report/json-report.js'
import { UsageError } from './exit-codes.js'

export function readReport(cwd: string, file: string): CedkReport {
  const path = resolve(cwd, file)
  if (!existsSync(path)) throw new UsageError(`${file}: no such report (run \`cedk test\` first, or give the report's path)`)
  const text = readFileSync(path, 'utf8')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`${file}: not JSON: ${jsonWhere(text, (e as Error).message)}`)
  }
  const schema = (raw as { schema?: unknown } | null)?.schema
  if (schema !== REPORT_SCHEMA) throw new UsageError(`${file}: not a ${REPORT_SCHEMA} report (schema ${JSON.stringify(schema ?? null)}; see docs/report-schema.md)`)
  return raw as CedkReport
}

/** JSON.parse's "… at position 12" as a line and column. */
function jsonWhere(text: string, message: string): string {
  const pos = /position (\d+)/.exec(message)
  if (!pos) return message
  const before = text.slice(0, Number(pos[1]))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`
}
