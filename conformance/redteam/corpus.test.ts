// The red-team corpus (issue 14): each user-mode driver of corpus/ tries one attack; in udevice it must be stopped
// (its output DWORD stays 0) and reported by the verifier under its rule — or, for the few no rule can see, the
// reason is written next to it.
import { describe, expect, test } from 'vitest'
import { runCase } from '../harness.js'
import type { Attack } from './corpus/attack.js'
import * as holes from './corpus/holes.js'
import * as stopped from './corpus/stopped.js'

const CORPUS: Record<string, Attack> = { ...holes, ...stopped }

describe('red-team corpus: every attack is stopped and flagged', () => {
  for (const [name, a] of Object.entries(CORPUS)) {
    test(`${name}: ${a.what}`, { timeout: 30_000 }, async () => {
      a.outcomes.length = 0
      const violations = await runCase(a.driver, a.scenario, 'udevice')
      expect(a.outcomes.length).toBeGreaterThan(0)
      expect(a.outcomes.every((o) => o === 0), `got through: ${a.outcomes.join(',')}`).toBe(true)
      const rules = violations.map((v) => v.rule as string)
      if (a.rules.length) expect(rules.filter((r) => a.rules.includes(r)), rules.join(', ')).not.toEqual([])
      else expect(a.unflagged).toBeTruthy()
    })
  }
})
