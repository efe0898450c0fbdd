// One machine for one generated case: the driver in the mode asked, the verifier attached from boot, the caller
// processes with their threads and a handle each. The schedule of the case goes to the machine, so the choices
// among ready threads are the generated ones.
import { GENERIC_READ, GENERIC_WRITE, createMachine, type CallerProcess, type CallerThread, type DriverModule, type HardwareSlot, type Machine } from '@cedk/kernel'
import type { Mode } from '../../mode.js'
import { applyMode, findDriverKey } from '../../spec-api/driver-key.js'
import type { DriverOptions } from '../../spec-api/options.js'
import { attachVerifier, type Verifier } from '../../verifier/index.js'
import type { HardwareEvent } from '../../stimulus/hardware-event.js'

export interface Caller {
  proc: CallerProcess
  threads: CallerThread[]
  handle: number
}

export interface Booted {
  m: Machine
  verifier: Verifier
  callers: Caller[]
  /** The devices made for this machine (hardware events act on them). */
  hardware: readonly HardwareSlot[]
}

/** The driver under test and how to load it (the registry text, hardware, other DLLs). */
export type Target = Pick<DriverOptions, 'registry' | 'key' | 'hardware' | 'drivers'> & { driver: DriverModule; events?: readonly HardwareEvent[] }

/** `jsStacks`: access violations carry JavaScript stacks (MachineOptions.jsStacks); the search runs without. */
export async function boot(t: Target, mode: Mode, seed: number, schedule: readonly number[], procs: number, threads: number, jsStacks = true): Promise<Booted> {
  const key = driverKey(t)
  const hardware = t.hardware?.() ?? []
  const m = createMachine({ drivers: [t.driver, ...(t.drivers ?? [])], registry: t.registry, hardware, seed: seed >>> 0, schedule: [...schedule], jsStacks })
  applyMode(m, key, mode)
  const verifier = attachVerifier(m, { mode, driver: t.driver.dll })
  const act = await m.ActivateDeviceEx(key)
  if (!act.ok) throw new Error(`${t.driver.dll} did not load in ${mode} mode: ActivateDeviceEx failed with ${act.error}`)
  const name = act.device?.legacyName ?? act.device?.name ?? ''
  const callers: Caller[] = []
  for (let i = 0; i < procs; i++) {
    const proc = m.createProcess(`app${i}.exe`)
    const ts = [proc.main, ...Array.from({ length: threads - 1 }, () => proc.createThread())]
    const h = await open(proc, name)
    if (!h.ok) throw new Error(`app${i}.exe: CreateFile(${name}) failed with ${h.error} in ${mode} mode`)
    callers.push({ proc, threads: ts, handle: h.handle })
  }
  return { m, verifier, callers, hardware }
}

const keys = new WeakMap<Target, string>()

/** The target's driver key, found once per target (a property run boots a machine per case). */
function driverKey(t: Target): string {
  let key = keys.get(t)
  if (key === undefined) keys.set(t, (key = findDriverKey(t.driver, t)))
  return key
}

/** Read/write access, or less when the driver allows one reader only (as serial drivers do). */
async function open(proc: CallerProcess, name: string) {
  let h = await proc.CreateFile(name, GENERIC_READ | GENERIC_WRITE)
  for (const access of [GENERIC_WRITE, 0]) if (!h.ok) h = await proc.CreateFile(name, access)
  return h
}
