// cedk report [report.json] --format …: a cedk-report.json as a terminal matrix, Markdown, an HTML page, SVG badges, shields.io
// endpoint JSON, SARIF, JUnit or JSON; with --baseline, what changed against an earlier report.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { badgeFiles, driverBadge, overallBadge, renderBadge, type BadgeStyle } from '../../report/badge.js'
import { diffReports, isRegression, renderDiff, type BaselineDiff } from '../../report/baseline.js'
import { driverEndpointJson, endpointJson, stringifyEndpoint } from '../../report/endpoint.js'
import { renderHtml } from '../../report/html/html-report.js'
import { DEFAULT_REPORT_FILE, stringifyReport, type CedkReport } from '../../report/json-report.js'
import { toJUnit } from '../../report/junit.js'
import { renderMarkdown } from '../../report/markdown.js'
import { renderMatrix } from '../../report/matrix.js'
import { stringifySarif, toSarif } from '../../report/sarif.js'
import { flag, oneOf, parseCommandArgs, str, type Parsed } from '../args.js'
import type { CliContext } from '../context.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { help } from '../help.js'
import { readReport } from '../read-report.js'

export const REPORT_FORMATS = ['matrix', 'markdown', 'html', 'badge', 'endpoint', 'sarif', 'junit', 'json'] as const
type Format = (typeof REPORT_FORMATS)[number]

export async function reportCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const p = parseCommandArgs('report', argv, {
    format: { type: 'string' },
    baseline: { type: 'string' },
    out: { type: 'string' },
    driver: { type: 'string' },
    'badge-message': { type: 'string' },
  })
  if (flag(p, 'help')) return help(ctx, 'report')
  if (p.positionals.length > 1) throw new UsageError(`cedk report: one report at a time, got ${p.positionals.length} (merge shards first: cedk merge)`)
  const format = oneOf('report', 'format', str(p, 'format'), REPORT_FORMATS, 'matrix')
  const report = readReport(ctx.cwd, p.positionals[0] ?? DEFAULT_REPORT_FILE)
  const baselineFile = str(p, 'baseline')
  const diff = baselineFile ? diffReports(readReport(ctx.cwd, baselineFile), report) : undefined
  writeOutput(format, report, diff, p, ctx)
  if (diff) return isRegression(diff) ? EXIT.failures : EXIT.ok
  return report.ok ? EXIT.ok : EXIT.failures
}

function writeOutput(format: Format, report: CedkReport, diff: BaselineDiff | undefined, p: Parsed, ctx: CliContext): void {
  const out = str(p, 'out')
  const style = oneOf<BadgeStyle>('report', 'badge-message', str(p, 'badge-message'), ['modes', 'rules'], 'modes')
  if (format === 'badge' && out && !out.endsWith('.svg')) return writeBadgeDir(report, style, out, ctx)
  const text = render(format, report, diff, style, str(p, 'driver'))
  if (!out) return ctx.out(text)
  const path = resolve(ctx.cwd, out)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  ctx.err(`wrote ${out}`)
}

function render(format: Format, report: CedkReport, diff: BaselineDiff | undefined, style: BadgeStyle, dll: string | undefined): string {
  switch (format) {
    case 'matrix':
      return diff ? `${renderMatrix(report)}\n\n${renderDiff(diff)}` : renderMatrix(report)
    case 'markdown':
      return renderMarkdown(report, diff ? { baseline: diff } : {})
    case 'html':
      return renderHtml(report)
    case 'badge':
      return `${renderBadge(dll ? driverBadge(driverOf(report, dll)) : overallBadge(report, style))}\n`
    case 'endpoint':
      return stringifyEndpoint(dll ? driverEndpointJson(driverOf(report, dll)) : endpointJson(report, style))
    case 'sarif':
      return stringifySarif(toSarif(report))
    case 'junit':
      return toJUnit(report)
    case 'json':
      return stringifyReport(report)
  }
}

function writeBadgeDir(report: CedkReport, style: BadgeStyle, dir: string, ctx: CliContext): void {
  mkdirSync(resolve(ctx.cwd, dir), { recursive: true })
  for (const b of badgeFiles(report, style)) writeFileSync(resolve(ctx.cwd, dir, b.file), `${b.svg}\n`)
  ctx.err(`wrote ${badgeFiles(report, style).map((b) => join(dir, b.file)).join(', ')}`)
}

function driverOf(report: CedkReport, dll: string) {
  // By row label first (unique), else by DLL name when only one row has it.
  const byLabel = report.drivers.find((x) => x.label.toLowerCase() === dll.toLowerCase())
  const byDll = report.drivers.filter((x) => x.dll.toLowerCase() === dll.toLowerCase())
  const d = byLabel ?? (byDll.length === 1 ? byDll[0] : undefined)
  const names = report.drivers.map((x) => x.label).join('; ') || 'none'
  if (byDll.length > 1 && !byLabel) throw new UsageError(`cedk report: ${byDll.length} drivers are named ${dll}; give the row's label (drivers: ${names})`)
  if (!d) throw new UsageError(`cedk report: no driver ${dll} in the report (drivers: ${names})`)
  return d
}
