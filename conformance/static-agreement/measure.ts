// Static analyzer vs run-time verifier over every corpus driver (cases.ts): per table rule with static detection,
// how many run-time findings the analyzer also reports (recall) and how many it reports that the run did not
// (false positives, split by whether the driver is correct); and whether its user-mode readiness agrees with the
// udevice run. Deterministic: the machine never reads the clock, the analyzer sorts its output.
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { STATIC_RULES, analyze, getRule, type Finding, type Mode } from '@cedk/conformance'
import { REPO, agreementCases, type AgreementCase } from './cases.js'
import { replaceMarkedBlock } from '../doc-block.js'

export interface CaseResult {
  name: string
  corpus: string
  /** Per mode run: the rule ids the verifier reported, and those the analyzer reported with that mode's key. */
  modes: { mode: Mode; runtime: string[]; static: string[]; mustFix: string[] }[]
  /** The driver breaks no error-severity rule in any mode (by run, or by the clean convention), and was not
   *  written with a bug the run misses (a detection case the plain suite does not find). */
  correct: boolean
  knownBuggy: boolean
  readiness?: { static: string; runtimeReady: boolean }
}

export interface RuleRow {
  rule: string
  runtime: number
  found: number
  /** Static findings of the rule the run did not report, on correct drivers and on others. */
  fpCorrect: number
  fpOther: number
}

export interface Agreement {
  cases: CaseResult[]
  rows: RuleRow[]
}

export async function measureAgreement(): Promise<Agreement> {
  const cases: CaseResult[] = []
  for (const c of await agreementCases()) cases.push(await measureCase(c))
  return { cases, rows: rows(cases) }
}

async function measureCase(c: AgreementCase): Promise<CaseResult> {
  const modes: CaseResult['modes'] = []
  let readiness: CaseResult['readiness']
  for (const mode of c.modes) {
    const runtime = c.run ? [...new Set((await c.run(mode)).map((v) => v.rule))].sort() : []
    const result = analyze([c.scan], { registry: c.registry(mode) })
    const mine = findingsOf(result.root, result.findings, c.file)
    modes.push({ mode, runtime, static: [...new Set(mine.map((f) => f.rule))].sort(), mustFix: [...new Set(mine.filter((f) => f.tier === 'must-fix').map((f) => f.rule))].sort() })
    if (mode === 'udevice') {
      const verdict = result.readiness.find((r) => resolve(result.root, r.file) === c.file)?.verdict ?? 'no driver'
      readiness = { static: verdict, runtimeReady: !runtime.some((id) => getRule(id).severity === 'error') }
    }
  }
  const correct = !c.knownBuggy && modes.every((m) => !m.runtime.some((id) => getRule(id).severity === 'error'))
  return { name: c.name, corpus: c.corpus, modes, correct, knownBuggy: c.knownBuggy, ...(readiness ? { readiness } : {}) }
}

/** The findings in the driver's file and in every module it imports (transitively), from the scan of its folder. */
function findingsOf(root: string, findings: readonly Finding[], file: string): Finding[] {
  const files = new Set<string>()
  const todo = [file]
  while (todo.length > 0) {
    const f = todo.pop()!
    if (files.has(f)) continue
    files.add(f)
    for (const m of readFileSync(f, 'utf8').matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = join(dirname(f), m[1]!).replace(/\.js$/, '.ts')
      try {
        readFileSync(target)
        todo.push(target)
      } catch {
        // an import outside the scan (a package): not part of the driver's code
      }
    }
  }
  return findings.filter((x) => files.has(resolve(root, x.file)))
}

function rows(cases: readonly CaseResult[]): RuleRow[] {
  return STATIC_RULES.filter((r) => r.shared).map((r) => {
    const row: RuleRow = { rule: r.id, runtime: 0, found: 0, fpCorrect: 0, fpOther: 0 }
    for (const c of cases)
      for (const m of c.modes) {
        // A rule the verifier checks in other modes only (P… and A06 in udevice, U01 in the kernel) counts there.
        if (!getRule(r.id).modes.includes(m.mode)) continue
        const atRun = m.runtime.includes(r.id)
        const atScan = m.static.includes(r.id)
        if (atRun) row.runtime++
        if (atRun && atScan) row.found++
        if (!atRun && atScan && c.modes.some((x) => x.runtime.length > 0 || x.static.length > 0)) c.correct ? row.fpCorrect++ : row.fpOther++
      }
    return row
  })
}

export const BEGIN = '<!-- static-agreement:begin (npm run static:agreement) -->'
export const END = '<!-- static-agreement:end -->'

export function agreementMarkdown(a: Agreement): string {
  const pct = (n: number, d: number) => (d === 0 ? '—' : `${Math.round((100 * n) / d)} %`)
  const corpora = [...new Set(a.cases.map((c) => c.corpus))]
  const runs = a.cases.reduce((n, c) => n + c.modes.length, 0)
  // Drivers whose udevice run breaks only rules no static check covers are listed apart: the analyzer cannot see them.
  const shared = new Set(STATIC_RULES.filter((r) => r.shared).map((r) => r.id))
  const udevice = (c: CaseResult) => c.modes.find((m) => m.mode === 'udevice')!
  const blind = (c: CaseResult) => !c.readiness!.runtimeReady && !udevice(c).runtime.some((id) => shared.has(id) && getRule(id).severity === 'error')
  const judged = a.cases.filter((c) => c.readiness && c.readiness.static !== 'no driver')
  const ready = judged.filter((c) => !blind(c))
  const agree = ready.filter((c) => (c.readiness!.static === 'ready') === c.readiness!.runtimeReady)
  const mustFixOnCorrect = a.cases.filter((c) => c.correct && c.modes.some((m) => m.mustFix.length > 0))
  const total = a.rows.reduce((s, r) => ({ runtime: s.runtime + r.runtime, found: s.found + r.found }), { runtime: 0, found: 0 })
  const lines = [
    BEGIN,
    '',
    `${a.cases.length} drivers (${corpora.map((k) => `${k}: ${a.cases.filter((c) => c.corpus === k).length}`).join(', ')}), ${runs} (driver, mode) pairs. ` +
      `A pair counts for a rule when the run-time verifier reports it in that mode; the analyzer is run on the driver's folder with that mode's registry key and counts the findings in the driver's file and the modules it imports.`,
    '',
    '| Rule | Run-time findings | Also found statically | Recall | Static only, correct driver | Static only, other driver |',
    '|---|---|---|---|---|---|',
    ...a.rows.map((r) => `| ${r.rule} | ${r.runtime} | ${r.found} | ${pct(r.found, r.runtime)} | ${r.fpCorrect} | ${r.fpOther} |`),
    `| all | ${total.runtime} | ${total.found} | ${pct(total.found, total.runtime)} | ${a.rows.reduce((n, r) => n + r.fpCorrect, 0)} | ${a.rows.reduce((n, r) => n + r.fpOther, 0)} |`,
    '',
    `- Must-fix findings on correct drivers: ${mustFixOnCorrect.length}${mustFixOnCorrect.length ? ` (${mustFixOnCorrect.map((c) => c.name).join(', ')})` : ''}.`,
    `- Readiness ("ready" or not) agrees with the udevice run on ${agree.length} of ${ready.length} drivers run in udevice${agree.length < ready.length ? `; not on ${ready.filter((c) => !agree.includes(c)).map((c) => `${c.name} (static ${c.readiness!.static}, run ${c.readiness!.runtimeReady ? `clean${c.knownBuggy ? ': the run misses its bug' : ''}` : 'violations'})`).join(', ')}` : ''}.`,
    `- Drivers whose udevice run breaks only run-time rules (no static check): ${judged.filter(blind).map((c) => `${c.name} (${udevice(c).runtime.join(', ')}; static ${c.readiness!.static})`).join(', ') || 'none'}.`,
    ...missesAndExtras(a),
    '',
    END,
  ]
  return lines.join('\n')
}

/** Where the analyzer and the run part: every miss and every static-only finding, by driver and mode. */
function missesAndExtras(a: Agreement): string[] {
  const shared = new Set(STATIC_RULES.filter((r) => r.shared).map((r) => r.id))
  const out: string[] = []
  for (const c of a.cases)
    for (const m of c.modes) {
      const counted = (id: string) => shared.has(id) && getRule(id).modes.includes(m.mode)
      const missed = m.runtime.filter((id) => counted(id) && !m.static.includes(id))
      const extra = m.static.filter((id) => counted(id) && !m.runtime.includes(id))
      if (missed.length) out.push(`- Missed: ${c.name} (${m.mode}): ${missed.join(', ')} — the run reports ${m.runtime.join(', ')}.`)
      if (extra.length) out.push(`- Static only: ${c.name} (${m.mode}): ${extra.join(', ')}${c.correct ? ' (correct driver)' : c.knownBuggy && !m.runtime.length ? ' (a buggy driver the run finds clean)' : ''}.`)
    }
  return out
}

export function docWithAgreement(doc: string, table: string): string {
  return replaceMarkedBlock(doc, DOC, BEGIN, END, table)
}

export const DOC = join(REPO, 'docs/static-analyzer.md')
export const rel = (p: string): string => relative(REPO, p)
