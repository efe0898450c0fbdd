// One machine for one driver in one mode, with the runtime verifier attached from boot: what every generated
// scenario and every describeDriver test runs on.
import { createMachine, type ActivateResult, type DriverModule, type HardwareSlot, type Machine } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import { attachVerifier, type Verifier } from '../verifier/index.js'
import type { Violation } from '../verifier/violation.js'
import { applyMode, findDriverKey } from './driver-key.js'
import type { DriverOptions } from './options.js'

export interface DriverMachine {
  readonly machine: Machine
  readonly verifier: Verifier
  readonly mode: Mode
  readonly hardware: readonly HardwareSlot[]
  /** The driver key, under HKLM. */
  readonly keyPath: string
  /** ActivateDeviceEx on the driver key, as the kernel does at boot. */
  activate(): Promise<ActivateResult>
  /** Why a failed activation failed: the error, and each rule the verifier recorded meanwhile with its reason. */
  whyNotLoaded(act: ActivateResult): string
  /** Shut the machine down and close the verifier; resolves with every violation of the run. Idempotent. */
  shutdown(): Promise<Violation[]>
}

export function bootDriver(driver: DriverModule, options: DriverOptions, mode: Mode, seed: number): DriverMachine {
  const keyPath = findDriverKey(driver, options)
  const hardware = options.hardware?.() ?? []
  const machine = createMachine({ drivers: [driver, ...(options.drivers ?? [])], registry: options.registry, hardware, seed })
  applyMode(machine, keyPath, mode)
  const verifier = attachVerifier(machine, { mode, driver: driver.dll })
  let finished: Promise<Violation[]> | null = null
  return {
    machine,
    verifier,
    mode,
    hardware,
    keyPath,
    activate: () => machine.ActivateDeviceEx(keyPath),
    whyNotLoaded: (act) => notLoadedReason(keyPath, act, verifier.violations),
    shutdown: () => (finished ??= finish(machine, verifier)),
  }
}

function notLoadedReason(keyPath: string, act: ActivateResult, found: readonly Violation[]): string {
  const failed = `ActivateDeviceEx(${keyPath}) failed with ${act.error}`
  if (!found.length) return failed
  const line = (v: Violation): string => {
    const first = v.message.split('\n')[0]!
    return `${first.startsWith(v.rule) ? first : `${v.rule} ${first}`} (in ${v.entry})`
  }
  return `${failed} after ${found.map(line).join('; ')}`
}

async function finish(machine: Machine, verifier: Verifier): Promise<Violation[]> {
  try {
    return verifier.finish(await machine.shutdown())
  } finally {
    verifier.dispose()
  }
}
