// The framework's own proof: for each rule of the corpus and each mode it applies to, the verifier reports that
// rule, and no other, on violates.ts, and nothing on keeps.ts — and the same of the C twins (c/violates.wasm,
// c/keeps.wasm, built from c/*.c by npm run build:c) where a rule has them.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getRule, type Violation } from '@cedk/conformance'
import { defineCDriver, type DriverModule } from '@cedk/kernel'
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
    const modes = scenario.modes ?? getRule(id).modes
    const twins: [string, DriverModule, DriverModule, readonly string[]][] = [['', violates, keeps, modes]]
    const c = (f: string) => new URL(`./rules/${id}/c/${f}`, import.meta.url)
    if (existsSync(c('violates.wasm'))) {
      // c/twin.json may narrow the modes, saying why (what the verifier cannot yet see in C).
      const twin = existsSync(c('twin.json')) ? (JSON.parse(readFileSync(c('twin.json'), 'utf8')) as { modes?: string[] }) : {}
      twins.push([' (C)', defineCDriver(violates.dll, c('violates.wasm')), defineCDriver(keeps.dll, c('keeps.wasm')), twin.modes ?? modes])
    }
    for (const [lang, bad, good, langModes] of twins) {
      for (const mode of modes.filter((m) => langModes.includes(m))) {
        test(`${mode}: violates${lang} breaks ${id} and nothing else`, async () => {
          const vs = await runCase(bad, scenario, mode)
          expect(show(vs).length, show(vs).join('\n')).toBeGreaterThan(0)
          expect(vs.filter((v) => v.rule !== id).map((v) => v.message)).toEqual([])
          for (const v of vs) expect(v.event ?? v.detail).toBeTruthy()
        })
        test(`${mode}: keeps${lang} breaks nothing`, async () => {
          expect(show(await runCase(good, scenario, mode))).toEqual([])
        })
      }
    }
  })
}
