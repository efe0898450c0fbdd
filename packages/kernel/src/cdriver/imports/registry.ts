// The registry for C drivers: coredll's Reg*W functions and OpenDeviceKey, ceddk's DDKReg_GetWindowInfo and
// DDKReg_GetIsrInfo, bound to the kernel's RegistryApi. Win32's buffer rules apply to what C passes: a value is
// written only if *lpcbData is large enough (else ERROR_MORE_DATA and the size needed), and the DDKReg structures
// must carry their own size in cbSize.
import type { DriverContext } from '../../api/context.js'
import { ERROR_INVALID_PARAMETER, ERROR_MORE_DATA } from '../../errors/win32.js'
import type { Ptr } from '../../memory/pointers.js'
import { decodeRegValue, encodeRegValue, type RegValue } from '../../registry/values.js'
import type { DeviceWindow } from '../../registry/resources.js'
import type { CMemoryHooks } from '../memory-hooks.js'
import { out32, type BinderTable } from './binder.js'
import { wideArg, writeWide } from './c-strings.js'

/** winreg.h: RegCreateKeyEx's *lpdwDisposition. */
const REG_CREATED_NEW_KEY = 1
const REG_OPENED_EXISTING_KEY = 2

/** ddkreg.h sizes on ILP32: DDKWINDOWINFO is 4 DWORDs, 6 windows, a DWORD and 6 windows; DDKISRINFO 3 DWORDs and
 *  two WCHAR[64] (DEVDLL_LEN, DEVENTRY_LEN). */
const MAX_DEVICE_WINDOWS = 6
const DDKWINDOWINFO_SIZE = 4 * 4 + 8 * MAX_DEVICE_WINDOWS + 4 + 8 * MAX_DEVICE_WINDOWS
const DEVDLL_LEN = 64
const DEVENTRY_LEN = 64
const DDKISRINFO_SIZE = 3 * 4 + 2 * DEVDLL_LEN + 2 * DEVENTRY_LEN

export const coredllRegistry: BinderTable = {
  RegOpenKeyExW: (ctx, h) => (hKey, pSubKey, _options, _sam, phkResult) => {
    if (phkResult === 0) return ERROR_INVALID_PARAMETER
    const r = ctx.RegOpenKeyEx(hKey >>> 0, wideArg(ctx, h, pSubKey))
    out32(ctx, h, phkResult, r.hKey)
    return r.error
  },
  RegCreateKeyExW: (ctx, h) => (hKey, pSubKey, _reserved, _class, _options, _sam, _sa, phkResult, pDisposition) => {
    if (phkResult === 0) return ERROR_INVALID_PARAMETER
    const r = ctx.RegCreateKeyEx(hKey >>> 0, wideArg(ctx, h, pSubKey))
    out32(ctx, h, phkResult, r.hKey)
    if (r.error === 0 && pDisposition !== 0) out32(ctx, h, pDisposition, r.created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY)
    return r.error
  },
  RegQueryValueExW: (ctx, h) => (hKey, pName, pReserved, pType, pData, pcbData) => {
    if (pReserved !== 0 || (pData !== 0 && pcbData === 0)) return ERROR_INVALID_PARAMETER
    const r = ctx.RegQueryValueEx(hKey >>> 0, wideArg(ctx, h, pName))
    if (r.error !== 0 || r.value === undefined) return r.error
    return queryResult(ctx, h, r.value, pType, pData, pcbData)
  },
  RegSetValueExW: (ctx, h) => (hKey, pName, _reserved, type, pData, cbData) => {
    const value = decodedValue(ctx, h, type >>> 0, pData, cbData >>> 0)
    return value === undefined ? ERROR_INVALID_PARAMETER : ctx.RegSetValueEx(hKey >>> 0, wideArg(ctx, h, pName), value)
  },
  RegDeleteValueW: (ctx, h) => (hKey, pName) => ctx.RegDeleteValue(hKey >>> 0, wideArg(ctx, h, pName)),
  RegCloseKey: (ctx) => (hKey) => ctx.RegCloseKey(hKey >>> 0),
  OpenDeviceKey: (ctx, h) => (pActiveKey) => ctx.OpenDeviceKey(wideArg(ctx, h, pActiveKey)),
}

export const ceddkRegistry: BinderTable = {
  DDKReg_GetWindowInfo: (ctx, h) => (hKey, pwi) => {
    if (pwi === 0 || ctx.mem.readU32(h.sim(pwi) as Ptr) !== DDKWINDOWINFO_SIZE) return ERROR_INVALID_PARAMETER
    const r = ctx.DDKReg_GetWindowInfo(hKey >>> 0)
    if (!r.ok) return r.error
    const dv = new DataView(new ArrayBuffer(DDKWINDOWINFO_SIZE))
    dv.setUint32(0, DDKWINDOWINFO_SIZE, true)
    dv.setUint32(4, r.busNumber, true)
    dv.setUint32(8, r.interfaceType, true)
    putWindows(dv, 12, r.io)
    putWindows(dv, 16 + 8 * MAX_DEVICE_WINDOWS, r.mem)
    ctx.mem.write(h.sim(pwi) as Ptr, new Uint8Array(dv.buffer))
    return 0
  },
  DDKReg_GetIsrInfo: (ctx, h) => (hKey, pii) => {
    if (pii === 0 || ctx.mem.readU32(h.sim(pii) as Ptr) !== DDKISRINFO_SIZE) return ERROR_INVALID_PARAMETER
    const r = ctx.DDKReg_GetIsrInfo(hKey >>> 0)
    if (!r.ok) return r.error
    const dll = r.isrDll ?? ''
    const handler = r.isrHandler ?? ''
    // isrcfg.cpp reads the names into the fixed arrays with RegQueryValueEx: a longer one fails as it would.
    if (dll.length >= DEVDLL_LEN || handler.length >= DEVENTRY_LEN) return ERROR_MORE_DATA
    out32(ctx, h, pii + 4, r.irq)
    out32(ctx, h, pii + 8, r.sysIntr)
    writeWide(ctx, h, pii + 12, dll, true)
    writeWide(ctx, h, pii + 12 + 2 * DEVDLL_LEN, handler, true)
    return 0
  },
}

/** { dwNum; DEVICEWINDOW[6] } at `at`; the unused windows are zero. */
function putWindows(dv: DataView, at: number, windows: DeviceWindow[]): void {
  dv.setUint32(at, windows.length, true)
  windows.forEach((w, i) => {
    dv.setUint32(at + 4 + 8 * i, w.base >>> 0, true)
    dv.setUint32(at + 8 + 8 * i, w.length >>> 0, true)
  })
}

/** RegQueryValueEx's out-parameters: the type, the size (always, when lpcbData is given) and the bytes if they fit. */
function queryResult(ctx: DriverContext, h: CMemoryHooks, value: RegValue, pType: number, pData: number, pcbData: number): number {
  const bytes = encodeRegValue(value)
  if (pType !== 0) out32(ctx, h, pType, value.type)
  if (pcbData === 0) return 0
  const room = ctx.mem.readU32(h.sim(pcbData) as Ptr)
  out32(ctx, h, pcbData, bytes.length)
  if (pData === 0) return 0
  if (room < bytes.length) return ERROR_MORE_DATA
  if (bytes.length > 0) ctx.mem.write(h.sim(pData) as Ptr, bytes)
  return 0
}

/** The value RegSetValueEx stores from C's (type, bytes), or undefined for a type or shape cedk cannot hold. */
function decodedValue(ctx: DriverContext, h: CMemoryHooks, type: number, pData: number, cbData: number): RegValue | undefined {
  if (pData === 0 && cbData !== 0) return undefined
  const bytes = cbData === 0 ? new Uint8Array(0) : ctx.mem.read(h.sim(pData) as Ptr, cbData)
  try {
    return decodeRegValue(type, bytes)
  } catch (e) {
    if (e instanceof RangeError) return undefined
    throw e
  }
}
