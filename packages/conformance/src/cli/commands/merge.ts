// cedk merge <reports…> --out merged.json: the shards of one run as one report (see report/merge.ts for what is
// refused). A directory argument stands for every cedk-report*.json under it (as CI artifact downloads lay them out).
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { stringifyReport } from '../../report/json-report.js'
import { MergeError, mergeReports } from '../../report/merge.js'
import { flag, parseCommandArgs, str } from '../args.js'
import type { CliContext } from '../context.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { help } from '../help.js'
import { readReport } from '../read-report.js'

export async function mergeCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const p = parseCommandArgs('merge', argv, { out: { type: 'string', short: 'o' } })
  if (flag(p, 'help')) return help(ctx, 'merge')
  const out = str(p, 'out')
  if (!out) throw new UsageError('cedk merge: --out <file> is required (see cedk merge --help)')
  const files = p.positionals.flatMap((f) => expand(ctx.cwd, f))
  if (!files.length) throw new UsageError('cedk merge: no reports given (see cedk merge --help)')
  const inputs = files.map((name) => ({ name, report: readReport(ctx.cwd, name) }))
  let merged
  try {
    merged = mergeReports(inputs)
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(`cedk merge: ${e.message}`)
    throw e
  }
  writeFileSync(resolve(ctx.cwd, out), stringifyReport(merged))
  const s = merged.summary
  const cells = Object.values(s.cells).reduce((a, b) => a + b, 0)
  ctx.out(`merged ${inputs.length} report${inputs.length === 1 ? '' : 's'} into ${out}: ${merged.drivers.length} drivers, ${cells} cells, ${s.violations} violations — ${merged.ok ? 'ok' : 'FAILED'}`)
  return merged.ok ? EXIT.ok : EXIT.failures
}

function expand(cwd: string, arg: string): string[] {
  const path = resolve(cwd, arg)
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch {
    return [arg] // readReport names the missing file
  }
  if (!isDir) return [arg]
  const found = walk(path).filter((f) => /^cedk-report.*\.json$/.test(f.split(/[\\/]/).pop()!))
  if (!found.length) throw new UsageError(`cedk merge: no cedk-report*.json under ${arg}`)
  return found.map((f) => relative(cwd, f) || f)
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
}
