// Human output: file:line:col, tier, rule, message and fix; in context mode the code around each finding; in patch
// mode the diff --fix applies; then the readiness verdict of each driver.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pc from 'picocolors'
import type { AnalysisResult } from '../analyze.js'
import type { Readiness } from '../readiness.js'
import type { Finding, ScanMode, Tier } from '../types.js'
import { TIERS } from '../types.js'

export interface HumanOptions {
  mode?: ScanMode
  color?: boolean
  /** Lines of code shown above and below a finding in context mode. */
  context?: number
}

type Colors = ReturnType<typeof pc.createColors>

export function formatHuman(result: AnalysisResult, options: HumanOptions = {}): string {
  const c = pc.createColors(options.color ?? false)
  const mode = options.mode ?? 'report'
  if (mode === 'patch') return result.patches.map((p) => p.diff).join('') || 'No safe rewrite applies.\n'
  const sources = new Map<string, string[]>()
  const lines = (file: string) => sources.get(file) ?? sources.set(file, readFileSync(join(result.root, file), 'utf8').split('\n')).get(file)!
  const out: string[] = []
  for (const f of result.findings) {
    out.push(findingLine(f, c), `  ${c.dim('fix:')} ${f.fix}`)
    if (mode === 'context') out.push(...contextLines(lines(f.file), f, options.context ?? 2, c))
  }
  out.push('', summaryLine(result, c), ...result.readiness.map((r) => readinessLine(r, c)))
  return out.join('\n') + '\n'
}

const TIER_LABEL: Record<Tier, string> = { 'must-fix': 'must-fix', 'blocks-user-mode': 'blocks-user-mode', recommended: 'recommended' }

function tierColor(t: Tier, c: Colors): (s: string) => string {
  return t === 'must-fix' ? c.red : t === 'blocks-user-mode' ? c.yellow : c.cyan
}

function findingLine(f: Finding, c: Colors): string {
  const fixable = f.fixable ? c.green(' [fixable]') : ''
  return `${c.bold(`${f.file}:${f.line}:${f.column}`)} ${tierColor(f.tier, c)(TIER_LABEL[f.tier])} ${c.bold(f.rule)} ${c.dim(f.name)}${fixable}\n  ${f.message}`
}

function contextLines(src: string[], f: Finding, n: number, c: Colors): string[] {
  const from = Math.max(1, f.line - n)
  const to = Math.min(src.length, f.endLine + n)
  const width = String(to).length
  const out: string[] = []
  for (let l = from; l <= to; l++) {
    const mark = l >= f.line && l <= f.endLine ? c.red('>') : ' '
    out.push(`  ${mark} ${c.dim(String(l).padStart(width))} | ${src[l - 1] ?? ''}`)
    if (l === f.line) out.push(`    ${' '.repeat(width)} | ${' '.repeat(f.column - 1)}${c.red('^')}`)
  }
  return out
}

function summaryLine(result: AnalysisResult, c: Colors): string {
  const counts = TIERS.map((t) => `${result.findings.filter((f) => f.tier === t).length} ${t}`)
  return c.bold(`${result.findings.length} finding(s) in ${result.files.length} file(s): ${counts.join(', ')}`)
}

function readinessLine(r: Readiness, c: Colors): string {
  const v = r.verdict === 'ready' ? c.green(r.verdict) : r.verdict === 'blocked' ? c.red(r.verdict) : c.yellow(r.verdict)
  return [`user-mode readiness of ${r.driver} (${r.file}): ${v} — ${r.summary}`, ...r.notes.map((n) => `  ${c.dim('registry:')} ${n}`)].join('\n')
}
