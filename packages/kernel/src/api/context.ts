// `ctx`: everything a driver may call, as one object handed to its `load` function. Like coredll, it is built from
// the API families (memory, sync, privileged, registry, devices): each file adds one family to the chain.
// All calls act for the thread that is running, which is how one object serves every thread of the module.
import type { ModuleInstance } from '../devmgr/module.js'
import { UiApi } from './ui-api.js'

export class DriverContext extends UiApi {
  /** The DLL this context belongs to. */
  get dll(): string {
    return this.mod.dll
  }

  /** True when the module runs in the kernel (false in a udevice). */
  get kernelMode(): boolean {
    return this.mod.process.kind === 'kernel'
  }

  /** @internal The module instance behind this context (the C-driver loader maps its image through it). */
  get module(): ModuleInstance {
    return this.mod
  }
}
