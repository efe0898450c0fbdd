// An open registry key as a kernel object in a handle table (RegOpenKeyEx, OpenDeviceKey).
import type { KernelObject } from '../process/handles.js'

/** Predefined root handles, as winreg.h defines them. */
export const HKEY_CLASSES_ROOT_HANDLE = 0x80000000
export const HKEY_CURRENT_USER_HANDLE = 0x80000001
export const HKEY_LOCAL_MACHINE_HANDLE = 0x80000002
export const HKEY_USERS_HANDLE = 0x80000003

export const ROOT_HANDLE_PATHS: ReadonlyMap<number, string> = new Map([
  [HKEY_CLASSES_ROOT_HANDLE, 'HKEY_CLASSES_ROOT'],
  [HKEY_CURRENT_USER_HANDLE, 'HKEY_CURRENT_USER'],
  [HKEY_LOCAL_MACHINE_HANDLE, 'HKEY_LOCAL_MACHINE'],
  [HKEY_USERS_HANDLE, 'HKEY_USERS'],
])

export class RegKeyHandle implements KernelObject {
  readonly kindName = 'registry key'
  handleCount = 0
  constructor(readonly path: string) {}
}
