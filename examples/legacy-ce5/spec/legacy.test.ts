// The CE5 driver as it is: it loads and seems to work in kernel mode, and the runtime verifier flags what the porting
// analyzer finds statically (CE5 mapping and permission APIs, the asynchronous access, UI in the kernel).
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import legacy from '../src/legacy.js'
import { runLegacy } from './run-legacy.js'

const REG = readFileSync(new URL('../legacy.reg', import.meta.url), 'utf8')

test('legacy.dll works in the kernel the CE5 way, and breaks the CE6 rules doing it', async () => {
  const r = await runLegacy(legacy, REG, 'kernel')
  expect(r.activated).toBe(true)
  expect(r.info).toMatchObject({ ok: true })
  expect(r.info.text).toMatch(/^legacy\.dll sysintr=19/)
  expect(r.async.ok).toBe(true)
  expect(r.unknown).toMatchObject({ ok: false, error: 'ERROR_INVALID_PARAMETER' })
  const rules = new Set(r.violations.map((v) => v.rule))
  for (const id of ['CE6-M07', 'CE6-A05', 'CE6-U01']) expect(rules, id).toContain(id)
})
