// Registry APIs for drivers. As in CE, the Reg* functions return a Win32 error code (ERROR_SUCCESS = 0) rather than
// setting the last error; the results come back in the returned object. OpenDeviceKey and the DDKReg helpers read
// a driver's own key (fact sheet §9.1, §9.4).
import { machineOf, moduleOf } from './base.js'
import { ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import { RegKeyHandle, ROOT_HANDLE_PATHS } from '../registry/key-handle.js'
import { tracePrivileged } from '../privileged/privileged-trace.js'
import { isProtectedKeyPath, type RegKey } from '../registry/registry.js'
import { readIsrInfo, readWindowInfo, type IsrInfo, type WindowInfo } from '../registry/resources.js'
import { regValueProblem, type RegValue } from '../registry/values.js'
import { fail } from '../errors/api-error.js'
import { PrivilegedApi } from './privileged-api.js'

export interface RegKeyResult {
  /** ERROR_SUCCESS (0) or the Win32 error. */
  error: number
  /** The new key handle (0 on error). */
  hKey: number
  /** RegCreateKeyEx: true when the key did not exist before (REG_CREATED_NEW_KEY). */
  created?: boolean
}

export interface RegValueResult {
  error: number
  value?: RegValue
}

export abstract class RegistryApi extends PrivilegedApi {
  /** OpenDeviceKey(ActiveKey): the driver's own device key, from the `Key` value of its Active key; 0 on failure. */
  OpenDeviceKey(activeKey: string | number): number {
    return this.call('OpenDeviceKey', [], 0, (t) => {
      const active = typeof activeKey === 'string' ? machineOf(this).registry.openKey(activeKey) : undefined
      const devKey = active?.getString('Key')
      if (!devKey || !machineOf(this).registry.openKey(devKey)) fail(ERROR_FILE_NOT_FOUND, `no device key for ${String(activeKey)}`)
      return machineOf(this).openKeyHandle(moduleOf(this).process, devKey, moduleOf(this).tag, this.site(t), t.openContext())
    })
  }

  RegOpenKeyEx(hKey: number, subKey: string): RegKeyResult {
    return this.call('RegOpenKeyEx', [hKey], { error: ERROR_INVALID_HANDLE, hKey: 0 }, (t) => {
      const path = this.subPath(hKey, subKey)
      if (!path || !machineOf(this).registry.openKey(path)) return { error: ERROR_FILE_NOT_FOUND, hKey: 0 }
      return { error: 0, hKey: machineOf(this).openKeyHandle(moduleOf(this).process, path, moduleOf(this).tag, this.site(t), t.openContext()) }
    })
  }

  RegCreateKeyEx(hKey: number, subKey: string): RegKeyResult {
    return this.call('RegCreateKeyEx', [hKey], { error: ERROR_INVALID_HANDLE, hKey: 0 }, (t) => {
      const path = this.subPath(hKey, subKey)
      if (!path) return { error: ERROR_INVALID_PARAMETER, hKey: 0 }
      if (!this.mayWrite(path, 'RegCreateKeyEx')) return { error: ERROR_ACCESS_DENIED, hKey: 0 }
      const created = !machineOf(this).registry.openKey(path)
      machineOf(this).registry.createKey(path)
      return { error: 0, hKey: machineOf(this).openKeyHandle(moduleOf(this).process, path, moduleOf(this).tag, this.site(t), t.openContext()), created }
    })
  }

  RegQueryValueEx(hKey: number, name: string): RegValueResult {
    return this.call('RegQueryValueEx', [hKey], { error: ERROR_INVALID_HANDLE }, () => {
      const v = this.key(hKey)?.getValue(name ?? '')
      return v ? { error: 0, value: v } : { error: ERROR_FILE_NOT_FOUND }
    })
  }

  /** RegSetValueEx: driver keys are writable only by the kernel (fact sheet §9, SPEC "Registry"). */
  RegSetValueEx(hKey: number, name: string, value: RegValue): number {
    return this.call('RegSetValueEx', [hKey], ERROR_INVALID_HANDLE, () => {
      const k = this.key(hKey)
      if (!k) return ERROR_INVALID_HANDLE
      if (!this.mayWrite(k.path, 'RegSetValueEx')) return ERROR_ACCESS_DENIED
      if (regValueProblem(value)) return ERROR_INVALID_PARAMETER
      k.setValue(name ?? '', value)
      return 0
    })
  }

  RegDeleteValue(hKey: number, name: string): number {
    return this.call('RegDeleteValue', [hKey], ERROR_INVALID_HANDLE, () => {
      const k = this.key(hKey)
      if (!k) return ERROR_INVALID_HANDLE
      if (!this.mayWrite(k.path, 'RegDeleteValue')) return ERROR_ACCESS_DENIED
      return k.deleteValue(name ?? '') ? 0 : ERROR_FILE_NOT_FOUND
    })
  }

  RegCloseKey(hKey: number): number {
    return this.call('RegCloseKey', [hKey], ERROR_INVALID_HANDLE, () =>
      moduleOf(this).process.handles.get(hKey) instanceof RegKeyHandle && machineOf(this).closeKernelHandle(moduleOf(this).process, hKey) ? 0 : ERROR_INVALID_HANDLE,
    )
  }

  /** DDKReg_GetWindowInfo: IoBase/IoLen and MemBase/MemLen of a key (DWORD pair or hex multi-strings, up to 6). */
  DDKReg_GetWindowInfo(hKey: number): WindowInfo {
    return this.call('DDKReg_GetWindowInfo', [hKey], { ok: false, error: ERROR_INVALID_HANDLE, message: 'invalid key handle' } as WindowInfo, () => {
      const k = this.key(hKey)
      return k ? readWindowInfo(k) : fail(ERROR_INVALID_HANDLE, 'not a key handle')
    })
  }

  /** DDKReg_GetIsrInfo: Irq, SysIntr, IsrDll, IsrHandler of a key. */
  DDKReg_GetIsrInfo(hKey: number): IsrInfo {
    return this.call('DDKReg_GetIsrInfo', [hKey], { ok: false, error: ERROR_INVALID_HANDLE, message: 'invalid key handle' } as IsrInfo, () => {
      const k = this.key(hKey)
      return k ? readIsrInfo(k) : fail(ERROR_INVALID_HANDLE, 'not a key handle')
    })
  }

  private key(hKey: number): RegKey | undefined {
    const root = ROOT_HANDLE_PATHS.get(hKey >>> 0)
    if (root) return machineOf(this).registry.openKey(root)
    const h = moduleOf(this).process.handles.get(hKey)
    return h instanceof RegKeyHandle ? machineOf(this).registry.openKey(h.path) : undefined
  }

  private subPath(hKey: number, subKey: string): string | undefined {
    const base = ROOT_HANDLE_PATHS.get(hKey >>> 0) ?? (moduleOf(this).process.handles.get(hKey) as RegKeyHandle | undefined)?.path
    if (typeof base !== 'string') return undefined
    return subKey ? `${base}\\${subKey}` : base
  }

  /** Kernel-mode code is trusted; user-mode code may not write the protected driver keys (a refusal is traced). */
  private mayWrite(path: string, api: string): boolean {
    if (moduleOf(this).process.kind === 'kernel' || !isProtectedKeyPath(path)) return true
    tracePrivileged(machineOf(this), api, false, 0, ERROR_ACCESS_DENIED, { reason: `${path} is a protected key`, driver: moduleOf(this).dll, path: 'kernel', key: path })
    return false
  }
}
