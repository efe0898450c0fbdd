// ceddk's device-memory APIs for C drivers.
import { ERROR_INVALID_PARAMETER } from '../../errors/win32.js'
import type { Ptr } from '../../memory/pointers.js'
import type { BinderTable } from './binder.js'

export const ceddkIo: BinderTable = {
  // PHYSICAL_ADDRESS arrives as a pointer to the caller's copy (wasm32 C ABI for a union passed by value).
  MmMapIoSpace: (ctx, h) => (pPhys, size, cache) => {
    const phys = ctx.mem.readU32(h.sim(pPhys) as Ptr)
    const high = ctx.mem.readU32(h.sim(pPhys + 4) as Ptr)
    // The machine's physical addresses are 32-bit: a high part is an address no device answers.
    if (high !== 0) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    return ctx.MmMapIoSpace(phys, size >>> 0, (cache & 0xff) !== 0)
  },
  MmUnmapIoSpace: (ctx) => (va, size) => ctx.MmUnmapIoSpace(va >>> 0, size >>> 0),
}

