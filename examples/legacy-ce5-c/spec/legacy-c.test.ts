// The C drivers against their TypeScript twins, through the same run (examples/legacy-ce5/spec/run-legacy.ts: a UART
// on IRQ 3, GET_INFO, READ_ASYNC and an unknown IOCTL from app.exe, the verifier attached): the same answers and the
// same rules broken by the CE5 driver, and none by the port, in both modes.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import legacyTs from '../../legacy-ce5/src/legacy.js'
import portedTs from '../../legacy-ce5-ported/src/legacy.js'
import { runLegacy, type LegacyRun } from '../../legacy-ce5/spec/run-legacy.js'
import legacyC from '../src/ce5.js'
import portedC from '../src/ported.js'

const REG = readFileSync(new URL('../legacy.reg', import.meta.url), 'utf8')
const REG_PORTED = readFileSync(new URL('../legacy-ported.reg', import.meta.url), 'utf8')
// The kernel run of the port uses its key without the user-mode flag, as the TypeScript port's test does.
const REG_PORTED_KERNEL = REG_PORTED.replace('"Flags"=dword:10\n', '')

const rules = (r: LegacyRun) => [...new Set(r.violations.map((v) => v.rule))].sort()
const answers = (r: LegacyRun) => ({ activated: r.activated, info: r.info, async: r.async, unknown: r.unknown })

test('the CE5 driver in C answers as the TypeScript one and breaks the same CE6 rules in the kernel', async () => {
  const c = await runLegacy(legacyC, REG, 'kernel')
  const ts = await runLegacy(legacyTs, REG, 'kernel')
  expect(answers(c)).toEqual(answers(ts))
  expect(c.info.text).toBe('legacy.dll sysintr=19 interrupts=0')
  expect(c.async.bytes).toEqual(new Array(16).fill(0x5a))
  expect(rules(c)).toEqual(rules(ts))
  for (const id of ['CE6-M01', 'CE6-M07', 'CE6-A01', 'CE6-A05', 'CE6-U01']) expect(rules(c), id).toContain(id)
})

test('in udevice neither CE5 driver loads: IOCTL_HAL_REQUEST_SYSINTR is refused (CE6-P04)', async () => {
  const reg = REG.replace('"Irq"=dword:3', '"Irq"=dword:3\n"Flags"=dword:10')
  const c = await runLegacy(legacyC, reg, 'udevice')
  const ts = await runLegacy(legacyTs, reg, 'udevice')
  expect(c.activated).toBe(false)
  expect(ts.activated).toBe(false)
  expect(rules(c)).toEqual(rules(ts))
  expect(rules(c)).toContain('CE6-P04')
})

for (const [mode, reg] of [['kernel', REG_PORTED_KERNEL], ['udevice', REG_PORTED]] as const) {
  test(`${mode}: the C port answers as the TypeScript port and breaks no rule`, async () => {
    const c = await runLegacy(portedC, reg, mode, true)
    const ts = await runLegacy(portedTs, reg, mode, true)
    expect(answers(c)).toEqual(answers(ts))
    expect(c).toMatchObject({ activated: true, info: { ok: true, text: 'legacy.dll sysintr=19 interrupts=0' }, async: { ok: true } })
    expect(c.async.bytes).toEqual(new Array(16).fill(0x5a))
    expect(c.violations).toEqual([])
    expect(ts.violations).toEqual([])
  })
}
