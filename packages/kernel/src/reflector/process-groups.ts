// Which udevice.exe hosts a user-mode driver (fact sheet §9.3, behaviour 32): `UserProcGroup` 1..0xFFF names a
// shared host whose settings live in HKLM\Drivers\ProcGroup_%04x (hex); no value, 0 or ≥ 0x1000 gets a private
// host of its own with an id above 0x1000. Missing ProcName/ProcVolPrefix/ProcTimeout fall back to the values under
// HKLM\Drivers; the host's volume is ProcVolPrefix + "_%04x" of the id (group 3 → "$udevice_0003").
import type { Registry, RegKey } from '../registry/registry.js'
import { DRIVERS_KEY_PATH, procGroupKeyPath } from '../registry/default-registry.js'

/** Ids below this share a host; the private hosts count up from it (UDP_RANDOM_PROCESSOR_START_OFFSET). */
export const UDP_RANDOM_PROCESSOR_START_OFFSET = 0x1000
/** ProcTimeout when neither the group nor HKLM\Drivers has one: 20 s in CE6. */
export const DEFAULT_PROC_TIMEOUT = 20_000

export interface HostConfig {
  /** The shared group id (1..0xFFF), or null for a private host. */
  group: number | null
  procName: string
  volPrefix: string
  timeout: number
}

/** The group a device key asks for: `UserProcGroup` (the value the CE6 code reads). */
export function requestedGroup(devKey: RegKey): number | null {
  const id = devKey.getDword('UserProcGroup')
  return id !== undefined && id >= 1 && id < UDP_RANDOM_PROCESSOR_START_OFFSET ? id : null
}

/** The host settings for `group` (null: a private host, which takes the HKLM\Drivers defaults). */
export function hostConfig(reg: Registry, group: number | null): HostConfig {
  const defaults = reg.openKey(DRIVERS_KEY_PATH)
  const groupKey = group === null ? undefined : reg.openKey(procGroupKeyPath(group))
  const str = (name: string): string | undefined => groupKey?.getString(name) ?? defaults?.getString(name)
  return {
    group,
    procName: str('ProcName') ?? '',
    volPrefix: str('ProcVolPrefix') ?? '',
    timeout: groupKey?.getDword('ProcTimeout') ?? defaults?.getDword('ProcTimeout') ?? DEFAULT_PROC_TIMEOUT,
  }
}

/** The host's volume name: ProcVolPrefix + "_%04x" of its id. */
export function volumeName(prefix: string, id: number): string {
  return `${prefix}_${id.toString(16).padStart(4, '0')}`
}
