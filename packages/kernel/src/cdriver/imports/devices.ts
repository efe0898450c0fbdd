// A C bus driver loading its children (devload.h): ActivateDeviceEx with its REGINI array and DeactivateDevice.
// Both run the device manager (the child's Init/Deinit), so both block the calling thread.
import type { DriverContext } from '../../api/context.js'
import type { RegIni } from '../../devmgr/activate.js'
import type { Ptr } from '../../memory/pointers.js'
import { ERROR_INVALID_PARAMETER } from '../../errors/win32.js'
import { decodeRegValue } from '../../registry/values.js'
import type { CMemoryHooks } from '../memory-hooks.js'
import type { BinderTable } from './binder.js'
import { wideArg } from './c-strings.js'
import { blocking, bool, cValue, dword } from './blocking-call.js'

/** REGINI (CE6 devload.h): { LPCWSTR lpszVal; LPBYTE pData; DWORD dwLen; DWORD dwType }. */
const REGINI_SIZE = 16
/** More entries than any device key has: a larger count is a bad pointer or length, not a key. */
const MAX_REGINI = 256

/** The REGINI array, decoded as RegSetValueEx decodes a value (registry/values.ts); undefined if an entry's type or
 *  data is one the registry cannot hold. */
function readRegIni(ctx: DriverContext, h: CMemoryHooks, p: number, count: number): RegIni[] | undefined {
  const out: RegIni[] = []
  for (let i = 0; i < count; i++) {
    const at = p + i * REGINI_SIZE
    const u32 = (off: number) => ctx.mem.readU32(h.sim(at + off) as Ptr)
    const name = wideArg(ctx, h, u32(0))
    const [pData, len, type] = [u32(4), u32(8), u32(12)]
    const bytes = len === 0 ? new Uint8Array(0) : ctx.mem.read(h.sim(pData) as Ptr, len)
    try {
      out.push({ name, ...decodeRegValue(type, bytes) })
    } catch (e) {
      if (e instanceof RangeError) return undefined
      throw e
    }
  }
  return out
}

export const deviceImports: BinderTable = {
  ActivateDeviceEx: (ctx, h, rt) => (pKey, pRegEnts, cRegEnts, lpvParam) =>
    blocking(rt, () => {
      const key = wideArg(ctx, h, pKey)
      const count = cRegEnts >>> 0
      const regini = count === 0 || pRegEnts === 0 ? [] : count > MAX_REGINI ? undefined : readRegIni(ctx, h, pRegEnts, count)
      if (regini === undefined) {
        ctx.SetLastError(ERROR_INVALID_PARAMETER)
        return 0
      }
      return cValue(ctx.ActivateDeviceEx(key, regini, lpvParam >>> 0), dword)
    }),
  DeactivateDevice: (ctx, _h, rt) => (hDevice) => blocking(rt, () => cValue(ctx.DeactivateDevice(hDevice >>> 0), bool)),
}
