// One activated device: its registry keys, names, driver module and resolved entry points, the device context
// Init returned, and how many threads are inside the driver (Deinit waits for them: fact sheet §9.7).
import type { ModuleInstance } from './module.js'
import type { EntryName } from './driver.js'
import type { Reflector } from '../reflector/reflector.js'

export type DeviceState = 'loading' | 'active' | 'dying' | 'gone'

// A driver entry point as the device manager calls it: the arguments are checked by the caller of callEntry.
export type EntryFn = (...args: never[]) => unknown

export interface DeviceNames {
  /** `$device` name, e.g. "COM1" (none for a device without a prefix). */
  deviceName: string | null
  /** Legacy name, e.g. "COM1:" (only when the legacy index is 0–9). */
  legacyName: string | null
  /** `$bus` name, from the Active key's BusName. */
  busName: string | null
}

export class Device {
  state: DeviceState = 'loading'
  hDeviceContext = 0
  /** Threads currently inside one of the driver's entry points. */
  refs = 0
  /** DeactivateDevice ran PreDeinit while threads were inside: Deinit runs when the last one leaves. */
  deinitPending = false
  /** Deinit already ran (a driver without PreDeinit): the deferred step is only the teardown. */
  deinitCalled = false
  /** The device handle ActivateDeviceEx returns: the address of the device manager's record in kernel memory. */
  handle = 0
  names: DeviceNames = { deviceName: null, legacyName: null, busName: null }
  module: ModuleInstance | null = null
  /** A user-mode driver's reflector (null in kernel mode). */
  reflector: Reflector | null = null
  readonly entries: Partial<Record<EntryName, EntryFn>> = {}
  /** "serial.dll!COM_Init" and friends, for stacks and the trace; and their interned ids. */
  readonly labels: Partial<Record<EntryName, string>> = {}
  readonly labelIds: Partial<Record<EntryName, number>> = {}
  /** IClass GUIDs this device advertises. */
  iclass: string[] = []
  /** Open contexts of this device: files open, and Opens in progress (devmgr/open-context.ts openTag). */
  openContexts = 0
  /** Bus namespace opens allowed (the driver advertises DMCLASS_PROTECTEDBUSNAMESPACE). */
  busNamesEnabled = false

  constructor(
    /** The NN of Drivers\Active\NN. */
    readonly activeId: number,
    readonly activePath: string,
    /** The device key as given to ActivateDeviceEx, e.g. "Drivers\BuiltIn\Serial". */
    readonly keyPath: string,
    readonly dll: string,
    readonly prefix: string,
    readonly index: number,
    readonly flags: number,
    readonly loadOrder: number,
    /** Activated by a trusted caller: untrusted callers cannot deactivate it. */
    readonly trustedLoader: boolean,
  ) {}

  get open(): boolean {
    return this.state === 'active'
  }

  toString(): string {
    return this.names.deviceName ?? `${this.dll} (${this.activePath})`
  }
}
