// What a describeDriver test hands the report: its machine's violations, the rules it asserted with toViolate marked
// expected, the expectations file's waivers applied (scoped to the spec file when the waiver says so).
import { readFileSync } from 'node:fs'
import { Uart16550 } from '@cedk/kernel'
import { expect, test } from 'vitest'
import legacy from '../../../../examples/legacy-ce5/src/legacy.js'
import { IOCTL_LEG_GET_INFO } from '../../../../examples/legacy-ce5/spec/run-legacy.js'
import { bootDriver } from '../../src/index.js'
import { testFindings } from '../../src/spec-api/test-findings.js'

const registry = readFileSync(new URL('../../../../examples/legacy-ce5/legacy.reg', import.meta.url), 'utf8')
const spec = '/root/examples/legacy-ce5/spec/legacy.conformance.test.ts'

/** The CE5 driver's GET_INFO in kernel mode: MapCallerPtr (CE6-M07) and the unmarshalled write behind it (CE6-M01). */
async function getInfo() {
  const dm = bootDriver(legacy, { registry, hardware: () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }] }, 'kernel', 1)
  expect((await dm.activate()).ok).toBe(true)
  const app = dm.machine.createProcess('app.exe')
  const h = (await app.CreateFile('LEG1:')).handle
  const text = app.alloc(64)
  const req = app.alloc(8)
  app.writeU32(req, text)
  app.writeU32(req + 4, 64)
  await app.DeviceIoControl(h, IOCTL_LEG_GET_INFO, req, 8, 0, 0)
  return dm
}

test('the rules the test asserted are expected; the others are open violations', async () => {
  const dm = await getInfo()
  expect(dm.verifier.violations).toViolate('CE6-M07') // the assertion a spec makes: it marks M07 expected
  const all = await dm.shutdown()
  const found = testFindings(dm, all, 'test: GET_INFO', spec, undefined)
  const byRule = new Map(found.map((v) => [v.rule, v]))
  expect(byRule.get('CE6-M07')).toMatchObject({ expected: true, scenario: 'test: GET_INFO' })
  expect(byRule.get('CE6-M01')?.expected).toBeUndefined()
})

test('a waiver scoped to the spec wins over expected; scoped to another spec it waives nothing', async () => {
  const dm = await getInfo()
  expect(dm.verifier.violations).toViolate('CE6-M07')
  const all = await dm.shutdown()
  const waiver = (s: string) => ({ file: 'cedk.expect.json', today: '2026-01-01', expectations: { schema: 'cedk-expect/1' as const, waivers: [{ driver: 'LEGACY.DLL', rule: 'CE6-M07', spec: s, reason: 'CE5', expires: '2099-12-31' }] } })
  const mine = testFindings(dm, all, 't', spec, waiver('examples/legacy-ce5/spec/legacy.conformance.test.ts')).find((v) => v.rule === 'CE6-M07')!
  expect(mine).toMatchObject({ waiver: { reason: 'CE5' } })
  expect(mine.expected).toBeUndefined()
  const theirs = testFindings(dm, all, 't', spec, waiver('examples/legacy-ce5-ported/spec/legacy-ported.conformance.test.ts')).find((v) => v.rule === 'CE6-M07')!
  expect(theirs).toMatchObject({ expected: true })
  expect(theirs.waiver).toBeUndefined()
})
