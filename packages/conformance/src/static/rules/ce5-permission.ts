// CE6-A05: SetKMode / SetProcPermissions / GetCurrentPermissions do nothing in CE6.
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

export const ce5Permission: StaticCheck = {
  ids: ['CE6-A05'],
  check(file, emit) {
    for (const c of callsOf(file, 'SetKMode', 'SetProcPermissions', 'GetCurrentPermissions'))
      emit({
        rule: 'CE6-A05',
        node: c.node,
        message: `${c.name} is a CE5 API that returns 0 and changes nothing in CE6: the access it was meant to allow reaches the wrong process or faults. Marshal the buffer for asynchronous use with CeAllocAsynchronousBuffer / CeFreeAsynchronousBuffer.`,
      })
  },
}
