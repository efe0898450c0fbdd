// A driver that does not load in one mode: its Init asks the reflector for an interrupt the key does not give it, so
// in udevice it returns 0 (cleanly: no crash). The finding that explains it (CE6-P02 with the reflector's reason) is
// reported once, the other udevice cells say "not checked: did not load" with that rule, and the kernel row, where
// the driver loads and works, is left alone (no divergence against a mode with no device).
import { AccessViolation, ERROR_INVALID_PARAMETER, GENERIC_READ, GENERIC_WRITE, RegisterFile, createMachine, defineDriver, type ParamPtr } from '@cedk/kernel'
import { expect, test } from 'vitest'
import { FAMILIES, MODES, type Family } from '../../src/index.js'
import { buildReport, renderMatrix } from '../../src/report/index.js'
import { familyResult } from '../../src/spec-api/family-result.js'
import { modeRuns } from '../../src/spec-api/mode-runs.js'
import { driverCases, runOf } from '../helpers/synthetic-run.js'

/** A keypad driver ported from CE5: its SYSINTR is hard-coded instead of read from the key. */
const KEYPAD_SYSINTR = 20
const keypad = defineDriver('keypad.dll', (ctx) => {
  let hIntr = 0
  return {
    Init() {
      hIntr = ctx.CreateEvent(false, false)
      if (!hIntr) return 0
      if (!ctx.InterruptInitialize(KEYPAD_SYSINTR, hIntr, 0, 0)) {
        ctx.CloseHandle(hIntr)
        return 0
      }
      return 1
    },
    Deinit() {
      ctx.InterruptDisable(KEYPAD_SYSINTR)
      ctx.CloseHandle(hIntr)
      return true
    },
    Open: () => 1,
    Close: () => true,
    IOControl(_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number) {
      if (!pOut || nOut < 4) {
        ctx.SetLastError(ERROR_INVALID_PARAMETER)
        return false
      }
      try {
        ctx.mem.writeU32(pOut, 0) // no key pressed
        return true
      } catch (e) {
        if (!(e instanceof AccessViolation)) throw e
        ctx.SetLastError(ERROR_INVALID_PARAMETER)
        return false
      }
    },
  }
})

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Keypad]
"Dll"="keypad.dll"
"Prefix"="KPD"
"Index"=dword:1
"SysIntr"=dword:13
`
// The keypad's controller raises IRQ 4 (SYSINTR 20); the key says SysIntr 19, which is what udevice allows.
const hardware = () => [{ base: 0x90030000, device: new RegisterFile(0x10, 'keypad'), irq: 4 }]
const options = { registry, hardware, ioctls: [{ name: 'GET_KEY', code: 0x220004, inSize: 0, outSize: 4 }] }

test('udevice: the one finding, then nothing else run; kernel: no divergence against a mode that did not load', async () => {
  const runs = modeRuns(keypad, options)
  const [kernel, udevice] = [await runs('kernel'), await runs('udevice')]
  expect(udevice.scenarios).toEqual(['load and unload'])
  expect(udevice.violations.map((v) => v.rule)).toEqual(['CE6-P02'])
  expect(udevice.notLoaded).toMatch(/ActivateDeviceEx\(.*Keypad\) failed with \w+ after CE6-P02 .*SYSINTR 20 is not the SysIntr of the driver's key \(19\) \(in Init\)$/)
  expect(udevice.failures).toEqual([])
  expect(kernel.notLoaded).toBeUndefined()
  expect(kernel.violations).toEqual([])
  expect(kernel.failures).toEqual([])
  expect(kernel.scenarios).toHaveLength(6)
})

test('the cells: privileges has the violation, the other udevice families are not checked (not crashed), kernel passes', async () => {
  const runs = modeRuns(keypad, options)
  const cells = async (mode: (typeof MODES)[number]) => Object.fromEntries(await Promise.all(FAMILIES.map(async (f) => [f.id, familyResult(await runs(mode), f.id, undefined)] as const)))
  const [k, u] = [await cells('kernel'), await cells('udevice')]
  expect(u.privileges!.verdict).toBe('violation')
  for (const f of FAMILIES.filter((x) => x.id !== 'privileges')) {
    expect(u[f.id]!.verdict, f.id).toBe('not-checked')
    expect(u[f.id]!.failures).toEqual([expect.objectContaining({ verdict: 'not-checked', message: expect.stringMatching(/^not checked: did not load \(.*CE6-P02/) })])
  }
  for (const f of FAMILIES) expect(['pass', 'not-applicable'], f.id).toContain(k[f.id]!.verdict)

  // The matrix: the kernel row passes, the udevice row shows the violation and "not checked" cells, one note each.
  const udeviceCells = Object.fromEntries(FAMILIES.map((f) => [f.id, u[f.id]!])) as Record<Family, (typeof u)[string]>
  const report = buildReport(runOf([...driverCases('keypad.dll', 'kernel'), ...driverCases('keypad.dll', 'udevice', udeviceCells)]), { seed: 1 })
  const text = renderMatrix(report, { colors: false })
  const udeviceRow = text.split('\n').find((l) => l.startsWith('keypad.dll') && l.includes('udevice'))!
  expect(udeviceRow).toMatch(/✗ violation 1/)
  expect(udeviceRow.match(/· not checked: did not load/g)).toHaveLength(FAMILIES.length - 1)
  expect(text.split('\n').find((l) => l.startsWith('keypad.dll') && l.includes('kernel'))).not.toMatch(/✗/)
  expect(text.match(/CE6-P02/g)).toHaveLength(2) // the violation's note, and the one "not checked" note naming it
  expect(text).not.toMatch(/crash|divergence/)
})

test('a driver that loads nowhere and says nothing about it is still a failure of the robustness cell', async () => {
  const refuses = defineDriver('refuses.dll', () => ({ Init: () => 0, Deinit: () => true }))
  const reg = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Refuses]
"Dll"="refuses.dll"
"Prefix"="REF"
"Index"=dword:1
`
  const run = await modeRuns(refuses, { registry: reg, modes: ['kernel'] })('kernel')
  expect(run.notLoaded).toMatch(/^the driver did not load: ActivateDeviceEx\(.*\) failed with \w+$/)
  expect(familyResult(run, 'robustness', undefined).failures).toEqual([expect.objectContaining({ verdict: 'driver-crash', message: expect.stringMatching(/did not load/) })])
  expect(familyResult(run, 'marshalling', undefined).verdict).toBe('not-checked')
})

test('the keypad opens and answers in kernel mode (the registry is right; only udevice refuses the SYSINTR)', async () => {
  const m = createMachine({ drivers: [keypad], registry, hardware: hardware(), seed: 1 })
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Keypad')).ok).toBe(true)
  const app = m.createProcess('app.exe')
  const h = await app.CreateFile('KPD1:', GENERIC_READ | GENERIC_WRITE)
  expect(h.ok).toBe(true)
  const out = app.alloc(4)
  expect((await app.DeviceIoControl(h.handle, 0x220004, 0, 0, out, 4)).ok).toBe(true)
})
