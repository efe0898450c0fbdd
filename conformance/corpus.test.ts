// The framework's own proof: for each rule of the corpus and each mode it applies to, the verifier reports that
// rule, and no other, on violates.ts, and nothing on keeps.ts.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getRule, type Violation } from '@cedk/conformance'
import type { DriverModule } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { runCase, type Scenario } from './harness.js'

const dir = fileURLToPath(new URL('./rules/', import.meta.url))
const ids = readdirSync(dir).filter((d) => d.startsWith('CE6-')).sort()

const show = (vs: readonly Violation[]): string[] => vs.map((v) => `${v.rule} ${v.driver}!${v.entry}: ${v.message}`)

for (const id of ids) {
  describe(id, async () => {
    const { scenario } = (await import(`./rules/${id}/scenario.ts`)) as { scenario: Scenario }
    const violates = ((await import(`./rules/${id}/violates.ts`)) as { default: DriverModule }).default
    const keeps = ((await import(`./rules/${id}/keeps.ts`)) as { default: DriverModule }).default
    for (const mode of scenario.modes ?? getRule(id).modes) {
      test(`${mode}: violates.ts breaks ${id} and nothing else`, async () => {
        const vs = await runCase(violates, scenario, mode)
        expect(show(vs).length, show(vs).join('\n')).toBeGreaterThan(0)
        expect(vs.filter((v) => v.rule !== id).map((v) => v.message)).toEqual([])
        for (const v of vs) expect(v.event ?? v.detail).toBeTruthy()
      })
      test(`${mode}: keeps.ts breaks nothing`, async () => {
        expect(show(await runCase(keeps, scenario, mode))).toEqual([])
      })
    }
  })
}
