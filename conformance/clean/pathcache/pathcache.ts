// clean: a lookup cache of file names for a flash translation layer; exercises: embedded pointers in, refuses kernel addresses before opening, ForceDuplicate, both modes
// pathcache.dll maps names to cluster numbers. LOOKUP takes { pName, cbName } with a wide-character name (cbName in bytes, even) and returns
// the cluster in lpOutBuf; ADD takes { pName, cbName, dwCluster }. A user application has no business passing a
// kernel address: the driver refuses one (>= 0x80000000) with ERROR_INVALID_PARAMETER before it opens anything, and
// opens the rest with ForceDuplicate so it hashes the same name it compares.
import { AccessViolation, ARG_I_PTR, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_NOT_FOUND, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_PC_ADD = 0x0022c004
export const IOCTL_PC_LOOKUP = 0x0022c008
export const MAX_CHARS = 64
const KERNEL_BASE = 0x80000000

export default defineDriver('pathcache.dll', (ctx: DriverContext) => {
  const clusters = new Map<string, number>()
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  /** The name the request points at, or null when the pointer or length is not acceptable. */
  function nameOf(pIn: ParamPtr): string | null {
    const pName = ctx.mem.readU32(pIn)
    const cb = ctx.mem.readU32(offset(pIn, 4))
    if (!pName || cb === 0 || cb % 2 !== 0 || cb > 2 * MAX_CHARS) return null
    if (pName >= KERNEL_BASE || pName + cb > KERNEL_BASE) return null
    const cch = cb / 2
    const opened = ctx.CeOpenCallerBuffer(pName, cb, ARG_I_PTR, true)
    if (opened.hr !== 0) return null
    try {
      let name = ''
      for (let i = 0; i < cch; i++) name += String.fromCharCode(ctx.mem.readU16(offset(opened.ptr, 2 * i)))
      return name.toUpperCase()
    } finally {
      ctx.CeCloseCallerBuffer(opened.ptr, pName, cb, ARG_I_PTR)
    }
  }

  function ioControl(code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (code === IOCTL_PC_ADD) {
      if (!pIn || nIn < 12) return fail(ERROR_INVALID_PARAMETER)
      const cluster = ctx.mem.readU32(offset(pIn, 8))
      const name = nameOf(pIn)
      if (name === null) return fail(ERROR_INVALID_PARAMETER)
      clusters.set(name, cluster)
      return true
    }
    if (code === IOCTL_PC_LOOKUP) {
      if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
      if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
      const name = nameOf(pIn)
      if (name === null) return fail(ERROR_INVALID_PARAMETER)
      const cluster = clusters.get(name)
      if (cluster === undefined) return fail(ERROR_NOT_FOUND)
      ctx.mem.writeU32(pOut, cluster)
      if (pActual) ctx.mem.writeU32(pActual, 4)
      return true
    }
    return fail(ERROR_INVALID_PARAMETER)
  }

  return {
    Init: () => 1,
    Deinit: () => (clusters.clear(), true),
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        return ioControl(code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
