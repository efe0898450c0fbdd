// cedk scan <dir>: the static porting analyzer (src/static) on driver sources. Registry files are first read with
// the kernel's .reg parser, so a malformed one stops the scan with its file:line:col (the analyzer's own reader
// skips lines it does not understand). --into-report adds the findings to a cedk-report.json under "static", where
// `cedk report --format sarif` puts them beside the runtime findings. --mode patch prints the diff of the safe
// rewrites; --fix applies them in place, prints that diff, and scans again to say what is left.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { RegParseError, parseReg } from '@cedk/kernel'
import { stringifyReport } from '../../report/json-report.js'
import { findingsByRule } from '../../report/by-rule.js'
import { analyze, applyPatches, formatHuman, formatJson, formatSarif, staticFindingsForReport, type AnalysisResult, type AnalyzeOptions } from '../../static/index.js'
import { flag, oneOf, parseCommandArgs, str, strs } from '../args.js'
import type { CliContext } from '../context.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { help } from '../help.js'
import { readReport } from '../read-report.js'

export async function scanCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const p = parseCommandArgs('scan', argv, {
    registry: { type: 'string', multiple: true },
    format: { type: 'string' },
    mode: { type: 'string' },
    out: { type: 'string' },
    'type-check': { type: 'boolean' },
    'into-report': { type: 'string' },
    fix: { type: 'boolean' },
  })
  if (flag(p, 'help')) return help(ctx, 'scan')
  if (!p.positionals.length) throw new UsageError('cedk scan: which directory? (cedk scan <dir>; see cedk scan --help)')
  const format = oneOf('scan', 'format', str(p, 'format'), ['human', 'json', 'sarif'] as const, 'human')
  const fix = flag(p, 'fix')
  if (fix && format === 'sarif') throw new UsageError('cedk scan: --fix prints the diff it applies, as human or json, not sarif (scan again for SARIF)')
  if (fix && str(p, 'mode') !== undefined && str(p, 'mode') !== 'patch') throw new UsageError('cedk scan: --fix shows what it changed as a patch; drop --mode')
  const mode = fix ? 'patch' : oneOf('scan', 'mode', str(p, 'mode'), ['report', 'context', 'patch'] as const, 'report')
  const paths = p.positionals.map((d) => existing(ctx.cwd, d))
  const registry = strs(p, 'registry').map((f) => checkedRegistry(ctx.cwd, f))
  const options: AnalyzeOptions = { root: ctx.cwd, registry, typeChecker: flag(p, 'type-check') }
  const result = analyze(paths, { ...options, fix: mode === 'patch' })
  const text = format === 'json' ? formatJson(result, { mode }) : format === 'sarif' ? formatSarif(result) : formatHuman(result, { mode, color: !str(p, 'out') && !ctx.env.NO_COLOR && process.stdout.isTTY })
  const out = str(p, 'out')
  if (out) {
    writeFileSync(resolve(ctx.cwd, out), text)
    ctx.err(`wrote ${out}`)
  } else ctx.out(text)
  // After --fix, what is left is what a scan of the rewritten files finds.
  const final = fix ? applyFixes(ctx, result, () => analyze(paths, options)) : result
  const into = str(p, 'into-report')
  if (into) addToReport(ctx, into, final)
  return final.findings.some((f) => f.tier === 'must-fix') ? EXIT.failures : EXIT.ok
}

/** Write the safe rewrites, say which files changed and what each fixed, then rescan. */
function applyFixes(ctx: CliContext, result: AnalysisResult, rescan: () => AnalysisResult): AnalysisResult {
  if (result.patches.length === 0) {
    ctx.err('cedk scan --fix: no safe rewrite applies; nothing changed')
    return result
  }
  applyPatches(result.patches)
  const after = rescan()
  for (const patch of result.patches) {
    const gone = fixedFindings(result, after, patch.file)
    ctx.err(`fixed ${patch.file}: ${gone.length ? gone.join(', ') : 'rewritten'}`)
  }
  const left = after.findings.length
  const must = after.findings.filter((f) => f.tier === 'must-fix').length
  ctx.err(`cedk scan --fix: rewrote ${result.patches.length} file${result.patches.length === 1 ? '' : 's'}; ${left} finding${left === 1 ? '' : 's'} left (${must} must-fix) for a person`)
  return after
}

/** The findings of `file` a rescan no longer reports, as "RULE at line:col" (positions before the rewrite). */
function fixedFindings(before: AnalysisResult, after: AnalysisResult, file: string): string[] {
  const left = new Map<string, number>()
  for (const f of after.findings) if (f.file === file) left.set(f.rule, (left.get(f.rule) ?? 0) + 1)
  const out: string[] = []
  for (const f of before.findings.filter((x) => x.file === file)) {
    const n = left.get(f.rule) ?? 0
    if (n > 0) left.set(f.rule, n - 1)
    else out.push(`${f.rule} at ${f.line}:${f.column}`)
  }
  return out
}

function existing(cwd: string, path: string): string {
  const abs = resolve(cwd, path)
  if (!existsSync(abs)) throw new UsageError(`cedk scan: ${path}: no such file or directory`)
  return abs
}

/** The text of a registry file the kernel's parser accepts, or a usage error with file:line:col and a caret. */
function checkedRegistry(cwd: string, file: string): string {
  const text = readFileSync(existing(cwd, file), 'utf8')
  try {
    parseReg(text, relative(cwd, resolve(cwd, file)) || file)
  } catch (e) {
    if (e instanceof RegParseError) throw new UsageError(`cedk scan: malformed registry file ${e.message}`)
    throw e
  }
  return text
}

function addToReport(ctx: CliContext, file: string, result: AnalysisResult): void {
  const report = readReport(ctx.cwd, file)
  const findings = staticFindingsForReport(result.findings)
  const withStatic = { ...report, static: { files: result.files.length, findings }, byRule: findingsByRule(report, findings) }
  writeFileSync(resolve(ctx.cwd, file), stringifyReport(withStatic))
  ctx.err(`added ${result.findings.length} static finding${result.findings.length === 1 ? '' : 's'} to ${file}`)
}
