// A C bus driver loading its children (devload.h): ActivateDeviceEx with its REGINI array and DeactivateDevice.
// Both run the device manager (the child's Init/Deinit), so both block the calling thread.
import type { DriverContext } from '../../api/context.js'
import type { RegIni } from '../../devmgr/activate.js'
import type { Ptr } from '../../memory/pointers.js'
import { ERROR_INVALID_PARAMETER } from '../../errors/win32.js'
import { REG_DWORD, REG_MULTI_SZ, REG_SZ } from '../../registry/values.js'
import type { CMemoryHooks } from '../memory-hooks.js'
import type { BinderTable } from './binder.js'
import { blocking, bool, cValue, dword } from './blocking-call.js'

/** REGINI (CE6 devload.h): { LPCWSTR lpszVal; LPBYTE pData; DWORD dwLen; DWORD dwType }. */
const REGINI_SIZE = 16
/** More entries than any device key has: a larger count is a bad pointer or length, not a key. */
const MAX_REGINI = 256

function readRegIni(ctx: DriverContext, h: CMemoryHooks, p: number, count: number): RegIni[] {
  const out: RegIni[] = []
  for (let i = 0; i < count; i++) {
    const at = p + i * REGINI_SIZE
    const u32 = (off: number) => ctx.mem.readU32(h.sim(at + off) as Ptr)
    const name = ctx.mem.readWString(h.sim(u32(0)) as Ptr, 260)
    const [pData, len, type] = [u32(4), u32(8), u32(12)]
    out.push({ name, type, data: value(ctx, h, pData, len, type) })
  }
  return out
}

/** A REGINI value's data as the registry keeps it. */
function value(ctx: DriverContext, h: CMemoryHooks, pData: number, len: number, type: number): RegIni['data'] {
  if (type === REG_DWORD) return ctx.mem.readU32(h.sim(pData) as Ptr)
  const bytes = len === 0 ? new Uint8Array(0) : ctx.mem.read(h.sim(pData) as Ptr, len)
  if (type !== REG_SZ && type !== REG_MULTI_SZ) return bytes // REG_BINARY and the rest: the bytes as given
  const units: string[] = []
  for (let i = 0; i + 1 < bytes.length; i += 2) units.push(String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8)))
  const parts = units.join('').split('\0')
  if (type === REG_SZ) return parts[0]!
  const end = parts.indexOf('')
  return end < 0 ? parts : parts.slice(0, end)
}

export const deviceImports: BinderTable = {
  ActivateDeviceEx: (ctx, h, rt) => (pKey, pRegEnts, cRegEnts, lpvParam) =>
    blocking(rt, () => {
      const key = ctx.mem.readWString(h.sim(pKey) as Ptr, 260)
      const count = cRegEnts >>> 0
      if (count > MAX_REGINI) {
        ctx.SetLastError(ERROR_INVALID_PARAMETER)
        return 0
      }
      const regini = count === 0 || pRegEnts === 0 ? [] : readRegIni(ctx, h, pRegEnts, count)
      return cValue(ctx.ActivateDeviceEx(key, regini, lpvParam >>> 0), dword)
    }),
  DeactivateDevice: (ctx, _h, rt) => (hDevice) => blocking(rt, () => cValue(ctx.DeactivateDevice(hDevice >>> 0), bool)),
}
