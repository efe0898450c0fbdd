// UI, CeCallUserProc and callbacks (fact sheet §2, SPEC "Decisions"). UI exists only in user mode: a kernel-mode
// driver that wants to show something calls a user-mode helper DLL through CeCallUserProc with flat buffers.
import { machineOf, moduleOf } from './base.js'
import type { Awaitable } from '../devmgr/driver.js'
import { fail } from '../errors/api-error.js'
import { ERROR_NOT_SUPPORTED } from '../errors/win32.js'
import type { Ptr } from '../memory/pointers.js'
import type { Thread } from '../process/thread.js'
import type { CallbackRoutine } from '../reflector/callbacks.js'
import { ceCallUserProc } from '../reflector/user-proc.js'
import { Ev } from '../trace/events.js'
import { IDOK } from '../ui/gwes.js'
import { MarshalApi } from './marshal-api.js'

type PtrArg = Ptr | number

export abstract class UiApi extends MarshalApi {
  /** MessageBox(hWnd, lpText, lpCaption, uType): IDOK in user mode; 0 with ERROR_NOT_SUPPORTED in the kernel. */
  MessageBox(hWnd: number, text: string, caption = '', type = 0): number {
    return this.call('MessageBox', [hWnd, type], 0, (t) => {
      this.ui(t, 'MessageBox', text, caption, type)
      return IDOK
    })
  }

  MessageBeep(type = 0): boolean {
    return this.call('MessageBeep', [type], false, (t) => {
      this.ui(t, 'MessageBeep', '', '', type)
      return true
    })
  }

  /** CreateWindowEx reduced to its title: a window handle in user mode, 0 in the kernel. */
  CreateWindowEx(exStyle: number, className: string, windowName: string): number {
    return this.call('CreateWindowEx', [exStyle], 0, (t) => {
      this.ui(t, 'CreateWindowEx', windowName, className, exStyle)
      return machineOf(this).gwes.createWindow(windowName)
    })
  }

  DestroyWindow(hWnd: number): boolean {
    return this.call('DestroyWindow', [hWnd], false, (t) => {
      this.ui(t, 'DestroyWindow', '', '', 0)
      return machineOf(this).gwes.destroyWindow(hWnd)
    })
  }

  /**
   * CeCallUserProc(pszDllName, pszFuncName, lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize,
   * lpBytesReturned): run `fn` of helper DLL `dll` in a udevice with copies of the two buffers (behaviour 37).
   */
  CeCallUserProc(dll: string, fn: string, pIn: PtrArg, nIn: number, pOut: PtrArg, nOut: number, pBytesReturned: PtrArg): Awaitable<boolean> {
    return this.callAsync('CeCallUserProc', [pIn, nIn, nOut], false, (t) => ceCallUserProc(machineOf(this), t, dll, fn, pIn >>> 0, nIn, pOut >>> 0, nOut, pBytesReturned >>> 0))
  }

  /** CeDriverMapCallbackFunction: register a routine of this module's process; returns the id others call back. */
  CeDriverMapCallbackFunction(fn: CallbackRoutine): number {
    return this.call('CeDriverMapCallbackFunction', [], 0, (t) => machineOf(this).callbacks.map(moduleOf(this).process, fn, moduleOf(this).tag, `${this.site(t)} callback`))
  }

  /** CeDriverPerformCallback(id, param): run a registered routine in its process (kernel-mode drivers only). */
  CeDriverPerformCallback(id: number, param = 0): Awaitable<number> {
    return this.callAsync('CeDriverPerformCallback', [id, param], 0, (t) => machineOf(this).callbacks.perform(t, id, param))
  }

  /** Publish a table of functions for drivers in the same process (a bus driver's interface to its clients). */
  exportFunctionTable(table: Readonly<Record<string, unknown>>): number {
    return this.call('exportFunctionTable', [], 0, (t) => machineOf(this).callbacks.exportTable(moduleOf(this).process, table, moduleOf(this).tag, this.site(t)))
  }

  /** Call a function of a table another driver published. From another process: ERROR_NOT_SUPPORTED (undefined). */
  callFunctionTable(table: number, name: string, ...args: unknown[]): unknown {
    return this.call('callFunctionTable', [table], undefined, (t) => machineOf(this).callbacks.callTable(t, table, name, args))
  }

  /** Record a UI call, or refuse it in kernel mode. */
  private ui(t: Thread, api: string, text: string, caption: string, type: number): void {
    if (t.frame.kernelMode) {
      machineOf(this).trace.emit(Ev.Privileged, machineOf(this).trace.intern(api), 0, 0, ERROR_NOT_SUPPORTED, { reason: 'UI in the kernel', driver: moduleOf(this).dll })
      fail(ERROR_NOT_SUPPORTED, `${api} from kernel mode`)
    }
    machineOf(this).gwes.record({ api, process: t.frame.process.name, driver: moduleOf(this).dll, text, caption, type })
  }
}
