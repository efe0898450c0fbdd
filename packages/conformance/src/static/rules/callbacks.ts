// CE6-C01: callbacks into another process are refused from user mode.
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

export const callbacks: StaticCheck = {
  ids: ['CE6-C01'],
  check(file, emit) {
    for (const c of callsOf(file, 'CeDriverPerformCallback', 'PerformCallBack')) {
      const where = file.mode === 'user' ? 'This driver is registered for user mode, where it fails with ERROR_NOT_SUPPORTED.' : 'It keeps the driver out of user mode.'
      emit({ rule: 'CE6-C01', node: c.node, message: `${c.name} calls back into another process. ${where} Signal the caller instead (an event, or a pending IOCTL the driver completes).` })
    }
  },
}
