// Each detector on its corpus driver: the message of every rule and the evidence it carries. CEDK_PRINT_MESSAGES=1
// prints each message (to read them all at once); a passing run is quiet otherwise.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DriverModule } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { runCase, type Scenario } from '../../../../conformance/harness.js'
import { getRule } from '../../src/index.js'

const dir = fileURLToPath(new URL('../../../../conformance/rules/', import.meta.url))
const ids = readdirSync(dir).filter((d) => d.startsWith('CE6-')).sort()
/** Rules whose evidence is a memory access: the message names address, size and origin. */
const MEMORY = new Set(['CE6-M01', 'CE6-M02', 'CE6-M03', 'CE6-M04', 'CE6-M05', 'CE6-M06', 'CE6-M08', 'CE6-A01', 'CE6-A02', 'CE6-A03', 'CE6-A04', 'CE6-A06', 'CE6-A07', 'CE6-U03'])

describe('verifier messages', () => {
  for (const id of ids) {
    test(`${id}: the message names the rule, the driver and the evidence`, async () => {
      const { scenario } = (await import(`../../../../conformance/rules/${id}/scenario.ts`)) as { scenario: Scenario }
      const driver = ((await import(`../../../../conformance/rules/${id}/violates.ts`)) as { default: DriverModule }).default
      const mode = (scenario.modes ?? getRule(id).modes)[0]!
      const [v] = await runCase(driver, scenario, mode)
      expect(v, id).toBeDefined()
      if (process.env.CEDK_PRINT_MESSAGES === '1') console.log(`${id} [${mode}] ${v!.driver}!${v!.entry}: ${v!.message}\n  stack: ${v!.stack.join(' <- ')}`)
      expect(v!.rule).toBe(id)
      expect(v!.message.startsWith(`${id} ${getRule(id).title}: `)).toBe(true)
      expect(v!.driver).toBe(driver.dll)
      expect(v!.fix).toBe(getRule(id).fix)
      expect(v!.event ?? v!.detail).toBeTruthy()
      if (MEMORY.has(id)) {
        expect(v!.address, id).toBeTypeOf('number')
        expect(v!.message).toMatch(/0x[0-9A-F]{8}/)
        expect(v!.message).toMatch(/\d+ bytes|faulted/)
        expect(v!.message).toMatch(/origin \w+/)
        expect(v!.origin).toBeTruthy()
      }
    })
  }
})
