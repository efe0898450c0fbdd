// The reflector: the kernel object that stands for a user-mode driver in the device manager (fact sheet §10). Every
// entry-point call of the device is forwarded to the driver in its udevice: the calling thread migrates into the
// host process (its VM and user mode), carrying the caller's process id (PRETLS_DRIVER_DIRECT_CALLER, here
// frame.caller), with the buffers mapped by param-map.ts. The privileged requests a user-mode driver may make come
// back to the reflector of its device (services.ts).
import type { Device } from '../devmgr/device.js'
import type { EntryName } from '../devmgr/driver.js'
import { FAULT, invokeEntry } from '../devmgr/entry.js'
import { ProcessGone } from '../errors/exceptions.js'
import { ERROR_DEVICE_REMOVED, ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import type { KernelObject } from '../process/handles.js'
import { isThenable } from '../process/settle.js'
import type { Thread } from '../process/thread.js'
import { mapParams, unmapParams, type MappedCall } from './param-map.js'
import type { RefServices } from './services.js'
import type { UdeviceHost } from './udevice.js'

export class Reflector implements KernelObject {
  readonly kindName = 'reflector'
  handleCount = 0
  /** The reflector service handle in the udevice (Active key value ReflectorHandle). */
  serviceHandle = 0
  /** The IOCTL_REF_* services: the privilege gate built from the device key (services.ts). */
  services: RefServices | null = null

  constructor(
    readonly m: Machine,
    readonly dev: Device,
    readonly host: UdeviceHost,
  ) {
    host.reflectors.add(this)
  }

  /** Forward entry point `name` to the udevice. Returns what the driver returned, or FAULT with the last error set. */
  forward(t: Thread, name: EntryName, args: readonly unknown[], openContext: number): unknown {
    if (!this.host.alive) {
      t.lastError = ERROR_DEVICE_REMOVED
      return FAULT
    }
    const call = mapParams(this.m, t, this.host, name, args, t.frame.prev ?? t.frame)
    if (call === null) {
      t.lastError = ERROR_INVALID_PARAMETER
      return FAULT
    }
    let r: unknown
    try {
      r = invokeEntry(this.m, t, this.dev, name, call.args, call.params, this.host.process, openContext)
    } catch (e) {
      return this.failed(t, call, e)
    }
    if (isThenable(r)) return r.then((v) => this.done(call, v), (e) => this.failed(t, call, e))
    return this.done(call, r)
  }

  /** The call ended in an error that is not the driver's: its udevice died under it (ERROR_DEVICE_REMOVED), or a
   *  machine error (hang, bugcheck) that goes on up. */
  private failed(t: Thread, call: MappedCall, e: unknown): unknown {
    unmapParams(this.m, this.host, call)
    if (!(e instanceof ProcessGone)) throw e
    t.lastError = ERROR_DEVICE_REMOVED
    return FAULT
  }

  private done(call: MappedCall, r: unknown): unknown {
    unmapParams(this.m, this.host, call)
    return r
  }
}
