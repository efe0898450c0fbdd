// Device APIs for drivers: a driver can be the client of another driver (kernel-mode caller: its pointers are not
// validated, behaviour 3), close any handle, and activate or deactivate devices (a bus driver).
import { machineOf, moduleOf } from './base.js'
import type { RegIni } from '../devmgr/activate.js'
import type { Awaitable } from '../devmgr/driver.js'
import { CreateFile, DeviceIoControl, ReadFile, SetFilePointer, WriteFile } from '../devmgr/file.js'
import { INVALID_HANDLE_VALUE } from '../devmgr/flags.js'
import type { Ptr } from '../memory/pointers.js'
import { RegistryApi } from './registry-api.js'

type PtrArg = Ptr | number

export abstract class DeviceApi extends RegistryApi {
  /** CreateFile(lpFileName, dwDesiredAccess, dwShareMode): a device handle, or INVALID_HANDLE_VALUE. */
  CreateFile(name: string, access: number, share = 0): Awaitable<number> {
    return this.callKernel('CreateFile', [access, share], INVALID_HANDLE_VALUE, (t) => CreateFile(machineOf(this), t, name, access, share))
  }

  DeviceIoControl(h: number, code: number, pIn: PtrArg, nIn: number, pOut: PtrArg, nOut: number, pBytesReturned: PtrArg = 0): Awaitable<boolean> {
    return this.callKernel('DeviceIoControl', [h, code, nIn], false, (t) => DeviceIoControl(machineOf(this), t, h, code, pIn, nIn, pOut, nOut, pBytesReturned))
  }

  /** ReadFile(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead): the count is written to pBytesRead. */
  ReadFile(h: number, pBuffer: PtrArg, n: number, pBytesRead: PtrArg = 0): Awaitable<boolean> {
    return this.callKernel('ReadFile', [h, pBuffer, n], false, (t) => then2(ReadFile(machineOf(this), t, h, pBuffer, n, pBytesRead)))
  }

  WriteFile(h: number, pBuffer: PtrArg, n: number, pBytesWritten: PtrArg = 0): Awaitable<boolean> {
    return this.callKernel('WriteFile', [h, pBuffer, n], false, (t) => then2(WriteFile(machineOf(this), t, h, pBuffer, n, pBytesWritten)))
  }

  SetFilePointer(h: number, distance: number, pDistanceHigh: PtrArg, method: number): Awaitable<number> {
    return this.callKernel('SetFilePointer', [h, distance, method], 0xffffffff, (t) => SetFilePointer(machineOf(this), t, h, distance, pDistanceHigh, method))
  }

  /** CloseHandle on any handle of the module's process (a device file calls the other driver's PreClose/Close). */
  CloseHandle(h: number): Awaitable<boolean> {
    return this.callKernel('CloseHandle', [h], false, (t) => machineOf(this).closeHandle(t, moduleOf(this).process, h))
  }

  /** ActivateDeviceEx from a driver (a bus driver loading its children). Resolves with the handle, or 0. */
  ActivateDeviceEx(devKey: string, regini: readonly RegIni[] = [], lpvParam = 0): Promise<number> {
    return Promise.resolve(this.callKernel('ActivateDeviceEx', [lpvParam], 0, (t) => machineOf(this).devmgr.ActivateDeviceEx(t, devKey, regini, lpvParam)))
  }

  DeactivateDevice(hDevice: number): Promise<boolean> {
    return Promise.resolve(this.callKernel('DeactivateDevice', [hDevice], false, (t) => machineOf(this).devmgr.DeactivateDevice(t, hDevice)))
  }
}

/** ReadFile/WriteFile resolve to [ok, bytes]; the driver-facing API returns the BOOL. */
function then2(r: [boolean, number] | Promise<[boolean, number]>): Awaitable<boolean> {
  return r instanceof Promise ? r.then(([ok]) => ok) : r[0]
}
