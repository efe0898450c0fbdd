// CE6-U01 / CE6-U02: UI in a driver. The registry decides which: kernel (or unknown: it may load there) is U01.
// Modules that run in a user process anyway (source/modules.ts) get neither.
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

export const UI_APIS = ['MessageBox', 'MessageBeep', 'CreateWindowEx', 'DestroyWindow', 'ShowWindow', 'DialogBox', 'DialogBoxParam', 'CreateDialog', 'CreateDialogParam', 'ShellExecuteEx']

export const ui: StaticCheck = {
  ids: ['CE6-U01', 'CE6-U02'],
  check(file, emit) {
    // A CeCallUserProc helper DLL (or other code with no stream entry points) runs in a user process: UI is its job.
    if (file.userCode) return
    for (const c of callsOf(file, ...UI_APIS)) {
      if (file.mode === 'user')
        emit({ rule: 'CE6-U02', node: c.node, message: `${c.name} called directly from a user-mode driver: it works in udevice, but the same driver cannot run in the kernel. Call the UI through CeCallUserProc.` })
      else
        emit({
          rule: 'CE6-U01',
          node: c.node,
          message: `${c.name} in a driver that ${file.mode === 'kernel' ? 'the registry loads in the kernel' : 'may load in the kernel'}: UI APIs fail there with ERROR_NOT_SUPPORTED. Move the UI into a companion user-mode DLL and call it with CeCallUserProc, or report the error to the caller.`,
        })
    }
  },
}
