// The rule corpus's harness: boot a machine per mode (kernel: no Flags; udevice: "Flags"=dword:10), attach the
// verifier, activate the scenario's helper drivers and then the driver, open it from app.exe, run the scenario, shut
// down, and return the violations.
import { attachVerifier, type Mode, type Violation } from '@cedk/conformance'
import {
  HangError,
  createMachine,
  defineDriver,
  type ActivateResult,
  type CallerProcess,
  type DriverContext,
  type DriverModule,
  type HardwareSlot,
  type Machine,
  type StreamEntries,
} from '@cedk/kernel'

export interface ScenarioContext {
  m: Machine
  mode: Mode
  device: ActivateResult
  app: CallerProcess
  /** app.exe's handle on TST1: (0 when the scenario opens it itself). */
  h: number
}

export interface Scenario {
  /** The modes in which the pair is checked (default: the rule's modes). */
  modes?: readonly Mode[]
  /** Extra values of the driver's registry key, as .reg lines. */
  values?: string
  /** Other modules the machine needs (a CeCallUserProc helper, a bus, a parent or child driver). */
  modules?: readonly DriverModule[]
  /** Other drivers to activate before the one under test, in order; their keys may depend on the mode (and may
   *  load a second instance of the driver under test, `dll`). */
  helpers?: (mode: Mode, dll: string) => readonly HelperKey[]
  /** The simulated devices (interrupt lines, register windows), made for each run. */
  hardware?: () => readonly HardwareSlot[]
  run(c: ScenarioContext): Promise<void>
}

export interface HelperKey {
  /** The key's path under HKLM, e.g. "Drivers\\BuiltIn\\Bus". */
  key: string
  /** Its .reg text. */
  reg: string
}

export const KEY = 'Drivers\\BuiltIn\\Tst'

/** A helper driver's key `Drivers\BuiltIn\<name>`, opened as `<prefix>1:`; `flags` 0x10 loads it in udevice. */
export function helperKey(name: string, dll: string, prefix: string, flags = 0, values = ''): HelperKey {
  const key = `Drivers\\BuiltIn\\${name}`
  const reg = `[HKEY_LOCAL_MACHINE\\${key}]\n"Dll"="${dll}"\n"Prefix"="${prefix}"\n"Index"=dword:1\n"Flags"=dword:${flags.toString(16)}\n${values}\n`
  return { key, reg }
}

/** A corpus driver "TST1:" with trivial Init/Deinit/Open/Close; `entries` adds or replaces entries. */
export function corpusDriver(dll: string, entries: (ctx: DriverContext) => Partial<StreamEntries>): DriverModule {
  return defineDriver(dll, (ctx) => ({
    Init: () => 1,
    Deinit: () => true,
    Open: () => 2,
    Close: () => true,
    ...entries(ctx),
  }))
}

/** The .reg text runCase boots a driver with: its key "TST1:", user mode when `mode` is udevice. */
export function caseRegistry(dll: string, mode: Mode, values = ''): string {
  const flags = mode === 'udevice' ? '"Flags"=dword:10\n' : ''
  return `[HKEY_LOCAL_MACHINE\\${KEY}]\n"Dll"="${dll}"\n"Prefix"="TST"\n"Index"=dword:1\n${flags}${values}\n`
}

/** Run `scenario` against `driver` in `mode`; every violation the verifier found, end-of-run ones included. */
export async function runCase(driver: DriverModule, scenario: Scenario, mode: Mode): Promise<Violation[]> {
  const helpers = scenario.helpers?.(mode, driver.dll) ?? []
  const m = createMachine({
    drivers: [driver, ...(scenario.modules ?? [])],
    registry: [caseRegistry(driver.dll, mode, scenario.values), ...helpers.map((k) => k.reg)],
    ...(scenario.hardware ? { hardware: scenario.hardware() } : {}),
  })
  const verifier = attachVerifier(m, { mode, driver: driver.dll })
  try {
    for (const k of helpers) {
      const r = await m.ActivateDeviceEx(k.key)
      if (!r.ok) throw new Error(`${k.key}: helper activation failed in ${mode} mode (error ${r.error})`)
    }
    const device = await m.ActivateDeviceEx(KEY)
    if (!device.ok) throw new Error(`${driver.dll}: activation failed in ${mode} mode (error ${device.error})`)
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('TST1:')).handle
    try {
      await scenario.run({ m, mode, device, app, h })
    } catch (e) {
      // A bugcheck stops the machine and a hang fails the call: the verifier has the evidence of both.
      if (!m.bugcheck && !(e instanceof HangError)) throw e
    }
    return verifier.finish(await m.shutdown())
  } finally {
    verifier.dispose()
  }
}

/** The 4-byte little-endian form of `v`. */
export const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]

/** app.exe memory holding `bytes`. */
export function put(app: CallerProcess, bytes: readonly number[]): number {
  const p = app.alloc(Math.max(bytes.length, 4))
  app.write(p, bytes)
  return p
}
