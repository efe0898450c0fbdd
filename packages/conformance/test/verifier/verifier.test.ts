// The verifier's plumbing: the driver filter, deduplication, the mode filter, determinism, detach, compareModes.
import { createMachine } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { corpusDriver, runCase } from '../../../../conformance/harness.js'
import { oneIoctl } from '../../../../conformance/io-scenario.js'
import violatesM01 from '../../../../conformance/rules/CE6-M01/violates.js'
import { scenario as m01 } from '../../../../conformance/rules/CE6-M01/scenario.js'
import violatesM02 from '../../../../conformance/rules/CE6-M02/violates.js'
import { scenario as m02 } from '../../../../conformance/rules/CE6-M02/scenario.js'
import violatesU01 from '../../../../conformance/rules/CE6-U01/violates.js'
import { scenario as u01 } from '../../../../conformance/rules/CE6-U01/scenario.js'
import { MODES, attachVerifier, compareModes, RULES, RUNTIME_RULES } from '../../src/index.js'

describe('runtime verifier', () => {
  test('a detector for every rule whose detection includes runtime, and for no other', () => {
    const runtime = RULES.filter((r) => r.detection.includes('runtime')).map((r) => r.id)
    expect([...RUNTIME_RULES].sort()).toEqual([...runtime].sort())
  })

  test('the same run gives the same violations, byte for byte', async () => {
    const a = await runCase(violatesM01, m01, 'udevice')
    const b = await runCase(violatesM01, m01, 'udevice')
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })

  test('a rule is reported only in the modes it applies to', async () => {
    // The same driver reaching a kernel address: CE6-M02 in kernel mode; in udevice the read faults (CE6-M01).
    expect((await runCase(violatesM02, m02, 'kernel')).map((v) => v.rule)).toEqual(['CE6-M02'])
    expect((await runCase(violatesM02, m02, 'udevice')).map((v) => v.rule)).toEqual(['CE6-M01'])
    // MessageBox refused in the kernel is CE6-U01; the same call works in udevice and is the CE6-U02 warning there.
    expect((await runCase(violatesU01, u01, 'kernel')).map((v) => v.rule)).toEqual(['CE6-U01'])
    expect((await runCase(violatesU01, u01, 'udevice')).map((v) => v.rule)).toEqual(['CE6-U02'])
  })

  test('a NULL dereference (an allocation used unchecked) is the escaped exception, not an embedded pointer', async () => {
    const careless = corpusDriver('null.dll', (ctx) => ({ IOControl: () => (ctx.mem.writeU32(ctx.LocalAlloc(0, 4 * 0x10000000), 1), true) }))
    for (const mode of MODES) expect((await runCase(careless, oneIoctl, mode)).map((v) => v.rule)).toEqual(['CE6-R02'])
  })

  test('violations of drivers not under test are left out; dispose detaches', async () => {
    const m = createMachine()
    const v = attachVerifier(m, { mode: 'kernel', driver: 'other.dll' })
    expect(v.violations).toEqual([])
    v.dispose()
    expect(v.finish(await m.shutdown())).toEqual([])
  })

  test('compareModes reports each step that differs as CE6-R07', () => {
    const k = [
      { step: 'IOCTL 1', result: { ok: true, out: new Uint8Array([1]) } },
      { step: 'IOCTL 2', result: { ok: true } },
    ]
    const u = [
      { step: 'IOCTL 1', result: { ok: true, out: new Uint8Array([1]) } },
      { step: 'IOCTL 2', result: { ok: false, error: 87 } },
    ]
    const vs = compareModes(k, u, 'tst.dll')
    expect(vs.map((v) => [v.rule, v.entry])).toEqual([['CE6-R07', 'IOCTL 2']])
    expect(vs[0]!.message).toContain('"ok":false')
  })
})
