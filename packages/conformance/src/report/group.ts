// Violations of one rule at one entry point in one scenario are shown once with a count (the first as example):
// the terminal matrix and the Markdown summary list them the same way.
import type { ViolationRecord } from './case-record.js'

export function grouped(violations: readonly ViolationRecord[]): { v: ViolationRecord; count: number }[] {
  const groups = new Map<string, { v: ViolationRecord; count: number }>()
  for (const v of violations) {
    const key = `${v.rule}|${v.entry}|${v.scenario}|${v.waiver ? 'w' : ''}|${v.expected ? 'e' : ''}`
    const g = groups.get(key)
    if (g) g.count++
    else groups.set(key, { v, count: 1 })
  }
  return [...groups.values()]
}
