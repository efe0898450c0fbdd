// The text of a failure: each violation with its rule, the event that proves it and the driver's stack, then the
// command that re-runs exactly this case with the same seed.
import { relative } from 'node:path'
import { shortMessage, type ScenarioFailure, type ViolationRecord } from '../report/case-record.js'
import { findRule } from '../rules/table.js'

export function formatViolation(v: ViolationRecord): string {
  const rule = findRule(v.rule)
  const lines = [`${v.rule} ${rule?.name ?? ''} — ${rule?.title ?? v.message}`]
  const field = (name: string, value: string) => lines.push(`  ${name.padEnd(9)}${value}`)
  if (v.scenario) field('scenario', v.scenario)
  field('driver', `${v.driver}!${v.entry} (${v.mode} mode)`)
  field('what', shortMessage(v))
  field('event', v.event ? v.event.text : 'none (found at the end of the run)')
  v.stack.forEach((frame, i) => field(i === 0 ? 'stack' : '', frame))
  v.source?.forEach((frame, i) => field(i === 0 ? 'source' : '', frame))
  field('fix', v.fix)
  if (v.waiver) field('waived', `${v.waiver.reason} (until ${v.waiver.expires})`)
  return lines.join('\n')
}

export function formatFailure(f: ScenarioFailure): string {
  return `${f.verdict} in scenario "${f.scenario}": ${f.message}`
}

export interface RerunTarget {
  /** Absolute or relative path of the spec file. */
  file: string | undefined
  /** Names from the outermost describe to the test. */
  names: readonly string[]
  seed: number
  /** The spec fixed its seed itself: no CEDK_SEED needed. */
  pinned: boolean
}

/** `npx vitest run <file> -t '<full name>'`, with CEDK_SEED when the seed came from the run. */
export function rerunCommand(t: RerunTarget): string {
  const file = t.file ? relative(process.cwd(), t.file).split('\\').join('/') : '<spec file>'
  const pattern = t.names.join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, `'\\''`)
  return `${t.pinned ? '' : `CEDK_SEED=${t.seed} `}npx vitest run ${file} -t '${pattern}'`
}

/** The names of the running test, from vitest's expect state ("a > b > c"). */
export function namesOf(currentTestName: string | undefined): string[] {
  return currentTestName ? currentTestName.split(' > ') : []
}

export function failureReport(title: string, body: readonly string[], rerun: RerunTarget): string {
  return [title, '', ...body.flatMap((b) => [b, '']), `re-run this case: ${rerunCommand(rerun)}`].join('\n')
}
