// The device manager's state: devices in load order, the name spaces, and the driver modules loaded in each
// process. Activation and deactivation are in activate.ts, the file APIs in file.ts.
import { fail } from '../errors/api-error.js'
import { ERROR_FILE_NOT_FOUND } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { Process } from '../process/process.js'
import { NO_PARAMS, type Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import { activateDeviceEx, deactivateDevice, type RegIni } from './activate.js'
import { Device, type DeviceState } from './device.js'
import { callEntry } from './entry.js'
import { ModuleInstance, type Leak } from './module.js'
import { DeviceNameSpace } from './names.js'

export type { RegIni } from './activate.js'

/** What tests see of a device. */
export interface DeviceInfo {
  handle: number
  activePath: string
  keyPath: string
  dll: string
  /** `$device` name, e.g. "COM1". */
  name: string | null
  /** Legacy name, e.g. "COM1:". */
  legacyName: string | null
  busName: string | null
  state: DeviceState
  hDeviceContext: number
  iclass: readonly string[]
}

export class DeviceManager {
  readonly names = new DeviceNameSpace()
  /** Devices that exist (loading, active or dying), in load order. */
  private readonly devices: Device[] = []
  private readonly modules = new Map<Process, Map<string, ModuleInstance>>()
  private nextActiveId = 1
  private nextOpenContext = 1
  private loadOrder = 0

  constructor(private readonly m: Machine) {}

  ActivateDeviceEx(t: Thread, keyPath: string, regini: readonly RegIni[], lpvParam: number): Promise<number> {
    return activateDeviceEx(this.m, t, keyPath, regini, lpvParam)
  }

  DeactivateDevice(t: Thread, hDevice: number): Promise<boolean> {
    return deactivateDevice(this.m, t, hDevice)
  }

  byHandle(h: number): Device | undefined {
    return this.devices.find((d) => d.handle === h >>> 0 && d.state !== 'gone')
  }

  info(h: number): DeviceInfo | undefined {
    const d = this.byHandle(h)
    return d && toInfo(d)
  }

  list(): DeviceInfo[] {
    return this.devices.filter((d) => d.state === 'active').map(toInfo)
  }

  /** A new device record with its Active key path and handle (the address of a record in kernel memory). */
  newDevice(keyPath: string, dll: string, prefix: string, index: number, flags: number, trusted: boolean): Device {
    const id = this.nextActiveId++
    const dev = new Device(id, `Drivers\\Active\\${String(id).padStart(2, '0')}`, keyPath, dll, prefix, index, flags, this.loadOrder++, trusted)
    dev.handle = this.m.kernel.heap.alloc(64, 'device.exe!fsdev_t')
    this.devices.push(dev)
    return dev
  }

  /** A new open context id (DeviceFile.id): unique in the machine, never reused. */
  newOpenContext(): number {
    return this.nextOpenContext++
  }

  /** The module for `dll` in `process`, loading it (running the driver's `load`) on first use. */
  loadModule(t: Thread, dll: string, process: Process): ModuleInstance {
    let perProcess = this.modules.get(process)
    if (!perProcess) this.modules.set(process, (perProcess = new Map()))
    const existing = perProcess.get(dll.toLowerCase())
    if (existing) return existing
    const def = this.m.options.drivers.get(dll.toLowerCase())
    if (!def) fail(ERROR_FILE_NOT_FOUND, `${dll} is not in the machine's driver catalogue (createMachine({ drivers }))`)
    const mod = new ModuleInstance(this.m, def, process)
    try {
      mod.load(t)
    } catch (e) {
      this.m.trace.emit(Ev.DriverException, 0, this.m.trace.intern(`${def.dll}!DllMain`), process.id, 0, {
        driver: def.dll,
        entry: 'DllMain',
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      })
      mod.unload()
      fail(ERROR_FILE_NOT_FOUND, `${dll}: load() threw: ${e instanceof Error ? e.message : String(e)}`)
    }
    perProcess.set(dll.toLowerCase(), mod)
    return mod
  }

  /**
   * Deactivation (behaviour 27): the device is dying at once (new opens and calls on old handles fail with
   * ERROR_DEVICE_REMOVED); PreDeinit if the driver has it, else Deinit, now; Deinit after PreDeinit, and the final
   * teardown, when no thread is inside the driver any more.
   */
  async deinitNow(t: Thread, dev: Device): Promise<void> {
    dev.state = 'dying'
    this.names.release(dev)
    const hasPre = dev.entries.PreDeinit !== undefined
    await callEntry(this.m, t, dev, hasPre ? 'PreDeinit' : 'Deinit', [dev.hDeviceContext], NO_PARAMS)
    if (dev.refs > 0) {
      dev.deinitPending = true
      dev.deinitCalled = !hasPre
      return
    }
    if (hasPre) await callEntry(this.m, t, dev, 'Deinit', [dev.hDeviceContext], NO_PARAMS)
    this.finalize(dev)
  }

  /** The last thread left a dying driver: finish on a device-manager kernel thread. */
  deferredDeinit(dev: Device): void {
    dev.deinitPending = false
    this.m.spawnKernelThread('DeviceManager deinit', async (t) => {
      if (!dev.deinitCalled) await callEntry(this.m, t, dev, 'Deinit', [dev.hDeviceContext], NO_PARAMS)
      this.finalize(dev)
    })
  }

  /** Undo a failed activation. */
  discard(dev: Device): void {
    this.finalize(dev, false)
  }

  /** Whether `dll` is loaded in `process`. */
  isLoaded(dll: string, process: Process): boolean {
    return this.modules.get(process)?.has(dll.toLowerCase()) ?? false
  }

  /** Unload a module that no device uses (a CeCallUserProc helper): returns what it leaked. */
  unloadModule(mod: ModuleInstance): Leak[] {
    this.modules.get(mod.process)?.delete(mod.dll.toLowerCase())
    return mod.unload()
  }

  /** The device's udevice died (crash containment): it is gone at once, with no driver code run. */
  remove(dev: Device): void {
    dev.deinitPending = false
    this.finalize(dev, true, false)
  }

  /** Delete the Active key, free the record, unload the module if this was its last device. */
  private finalize(dev: Device, traced = true, reportLeaks = true): void {
    this.names.release(dev)
    this.m.registry.deleteKey(dev.activePath)
    const i = this.devices.indexOf(dev)
    if (i >= 0) this.devices.splice(i, 1)
    this.m.kernel.heap.freeBlock(dev.handle)
    dev.state = 'gone'
    if (traced) this.m.trace.emit(Ev.DeviceDeactivate, dev.activeId, dev.handle, 0, 0, { name: dev.names.deviceName })
    const mod = dev.module
    if (mod && --mod.devices === 0) {
      const leaks = this.unloadModule(mod)
      if (reportLeaks) this.m.leaks.push(...leaks)
    }
    if (dev.reflector) this.m.udevices.detach(dev.reflector)
  }

  /** PowerDown in reverse load order, PowerUp in load order (behaviour 31); exceptions are caught per device. */
  async powerAll(t: Thread, which: 'PowerUp' | 'PowerDown'): Promise<void> {
    const list = this.devices.filter((d) => d.state === 'active' && d.entries[which])
    if (which === 'PowerDown') list.reverse()
    for (const d of list) await callEntry(this.m, t, d, which, [d.hDeviceContext], NO_PARAMS)
  }

  /** Shutdown: deactivate every active device, newest first, whatever its flags. */
  async deactivateAll(t: Thread): Promise<void> {
    for (const d of [...this.devices].reverse()) if (d.state === 'active') await this.deinitNow(t, d)
    // A device whose Deinit cannot run — a hung thread is still inside it — is reported, with its module.
    for (const d of this.devices) {
      if (d.state !== 'dying') continue
      this.m.leaks.push({
        driver: d.dll,
        kind: 'device',
        detail: `${d} could not be deinitialized: ${d.refs} thread(s) still inside the driver`,
        site: d.activePath,
      })
    }
  }
}

function toInfo(d: Device): DeviceInfo {
  return {
    handle: d.handle,
    activePath: d.activePath,
    keyPath: d.keyPath,
    dll: d.dll,
    name: d.names.deviceName,
    legacyName: d.names.legacyName,
    busName: d.names.busName,
    state: d.state,
    hDeviceContext: d.hDeviceContext,
    iclass: d.iclass,
  }
}
