// CE6-R07 in the generated suite: the kernel-mode and udevice runs of the same scenarios are compared step by step,
// and a difference is a divergence in the robustness family of both modes, with both observations in the message.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { expect, test } from 'vitest'
import { familyResult } from '../../src/spec-api/family-result.js'
import { modeRuns } from '../../src/spec-api/mode-runs.js'
import { echo, echoOptions, echoRegistry, ECHO_CODE } from '../helpers/echo-driver.js'

/** Echoes in the kernel; in udevice it returns one byte fewer (a mode-dependent code path). */
const moody = defineDriver('moody.dll', (ctx) => ({
  Init: () => 1,
  Deinit: () => true,
  Open: () => 1,
  Close: () => true,
  IOControl(_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) {
    if (code !== ECHO_CODE || !pIn || !pOut || nOut < nIn) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }
    const n = ctx.kernelMode ? nIn : nIn - 1
    try {
      ctx.mem.write(pOut, ctx.mem.read(pIn, n))
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }
    if (pActual) ctx.mem.writeU32(pActual, n)
    return true
  },
}))

test('a driver that behaves the same in both modes has no divergence, and the steps were observed', async () => {
  const runs = modeRuns(echo, echoOptions())
  const [k, u] = [await runs('kernel'), await runs('udevice')]
  expect(k.observations!.length).toBeGreaterThan(10)
  expect(k.observations!.map((o) => o.step)).toEqual(u.observations!.map((o) => o.step))
  expect(k.observations).toContainEqual({
    step: expect.stringMatching(/^each IOCTL with valid buffers: app.exe DeviceIoControl\(0x220004, in 0x[0-9a-f]+\+8, out 0x[0-9a-f]+\+8\)$/),
    result: { ok: true, value: 1, bytes: 8, out: [1, 2, 3, 4, 5, 6, 7, 8] },
    run: 'each IOCTL with valid buffers',
  })
  expect([...k.violations, ...u.violations].filter((v) => v.rule === 'CE6-R07')).toEqual([])
})

test('a driver whose output depends on the mode: CE6-R07 in the robustness family of both modes, both observations shown', async () => {
  const runs = modeRuns(moody, echoOptions({ registry: echoRegistry('moody.dll') }))
  for (const mode of ['kernel', 'udevice'] as const) {
    const run = await runs(mode)
    const r07 = run.violations.filter((v) => v.rule === 'CE6-R07')
    expect(r07.length).toBeGreaterThan(0)
    expect(r07.every((v) => v.mode === mode && v.family === 'robustness')).toBe(true)
    const first = r07.find((v) => v.scenario === 'each IOCTL with valid buffers')!
    expect(first.message).toMatch(/gave \{"ok":true,"value":1,"bytes":8,"out":\[1,2,3,4,5,6,7,8\]\} in kernel mode/)
    expect(first.message).toMatch(/gave \{"ok":true,"value":1,"bytes":7,"out":\[1,2,3,4,5,6,7,0\]\} in udevice/)
    expect(familyResult(run, 'robustness', undefined).verdict).toBe('divergence')
    // Each mode's trace of the differing step, for the HTML report's side-by-side view: the same call in both; the
    // driver's memory accesses in the caller's address space in kernel mode, in udevice.exe's in udevice.
    const { kernel, udevice } = first.traces!
    for (const [t, host] of [[kernel!, 'user'], [udevice!, 'udevice']] as const) {
      expect(t.schema).toBe('cedk-trace/1')
      expect(t.events.at(-1)!.kind).toBe('api-return')
      expect(t.events.at(-1)!.fields).toMatchObject({ name: 'DeviceIoControl', result: 1 })
      expect(t.events.some((e) => e.kind === 'entry-enter' && String(e.fields.name).endsWith('IOControl'))).toBe(true)
      const vms = t.events.filter((e) => e.kind === 'mem-read' || e.kind === 'mem-write').map((e) => t.processes.find((p) => p.pid === e.fields.vm)?.kind)
      expect(vms.length).toBeGreaterThan(0)
      expect(new Set(vms)).toEqual(new Set([host]))
    }
  }
})

test('with one mode only, nothing is compared', async () => {
  const run = await modeRuns(moody, echoOptions({ registry: echoRegistry('moody.dll'), modes: ['kernel'] }))('kernel')
  expect(run.violations.filter((v) => v.rule === 'CE6-R07')).toEqual([])
})
