// Device names (fact sheet §9.5): `$device\PFXn` for every named device, the legacy `PFXn:` when the legacy index
// is 0–9 (Index 10 maps to legacy 0), and `$bus\<BusName>`. Lookups are case-insensitive.
import { ERROR_DEVICE_IN_USE } from '../errors/win32.js'
import type { Device, DeviceNames } from './device.js'
import { MAXDEVICEINDEX } from './flags.js'

export interface NameLookup {
  device: Device
  /** Opened through the $bus namespace. */
  bus: boolean
}

export class DeviceNameSpace {
  private readonly devices = new Map<string, Device>()
  private readonly legacy = new Map<string, Device>()
  private readonly bus = new Map<string, Device>()

  /**
   * Names for a device with `prefix` and `index` (-1 = the first free index from 1). Returns the names, or the
   * Win32 error when they are taken.
   */
  reserve(dev: Device, prefix: string, index: number, busName: string | null): DeviceNames | number {
    let names: DeviceNames = { deviceName: null, legacyName: null, busName }
    if (prefix) {
      const n = index >= 0 ? index : this.firstFreeIndex(prefix)
      if (n < 0) return ERROR_DEVICE_IN_USE
      names = { ...nameFor(prefix, n), busName }
      if (this.devices.has(key(names.deviceName)) || (names.legacyName && this.legacy.has(key(names.legacyName)))) return ERROR_DEVICE_IN_USE
    }
    if (busName && this.bus.has(key(busName))) return ERROR_DEVICE_IN_USE
    if (names.deviceName) this.devices.set(key(names.deviceName), dev)
    if (names.legacyName) this.legacy.set(key(names.legacyName), dev)
    if (busName) this.bus.set(key(busName), dev)
    return names
  }

  release(dev: Device): void {
    const n = dev.names
    if (n.deviceName && this.devices.get(key(n.deviceName)) === dev) this.devices.delete(key(n.deviceName))
    if (n.legacyName && this.legacy.get(key(n.legacyName)) === dev) this.legacy.delete(key(n.legacyName))
    if (n.busName && this.bus.get(key(n.busName)) === dev) this.bus.delete(key(n.busName))
  }

  /** Resolve a CreateFile name: "COM1:", "\$device\COM1" (or without the leading backslash), "\$bus\name". */
  lookup(name: string): NameLookup | undefined {
    const m = /^\\?\$(device|bus)\\(.+)$/i.exec(name)
    if (m) {
      const isBus = m[1]!.toLowerCase() === 'bus'
      const d = (isBus ? this.bus : this.devices).get(key(m[2]!))
      return d ? { device: d, bus: isBus } : undefined
    }
    const d = this.legacy.get(key(name))
    return d ? { device: d, bus: false } : undefined
  }

  private firstFreeIndex(prefix: string): number {
    for (let i = 1; i < MAXDEVICEINDEX; i++) {
      const n = nameFor(prefix, i)
      if (!this.devices.has(key(n.deviceName)) && !(n.legacyName && this.legacy.has(key(n.legacyName)))) return i
    }
    return -1
  }
}

/** "$device" and legacy names for a prefix and index: index 10 is legacy 0; above 10 there is no legacy name. */
export function nameFor(prefix: string, index: number): { deviceName: string; legacyName: string | null } {
  const legacyIndex = index === 10 ? 0 : index
  return { deviceName: `${prefix}${index}`, legacyName: legacyIndex <= 9 ? `${prefix}${legacyIndex}:` : null }
}

const key = (s: string | null): string => (s ?? '').toUpperCase()
