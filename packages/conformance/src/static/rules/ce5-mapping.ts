// CE6-M07: MapCallerPtr / MapPtrToProcess are CE5 stubs in CE6.
import { callsOf } from '../source/file-model.js'
import { provenanceAt } from '../source/analysis-root.js'
import type { StaticCheck } from './rule.js'

export const ce5Mapping: StaticCheck = {
  ids: ['CE6-M07'],
  check(file, emit) {
    for (const c of callsOf(file, 'MapCallerPtr', 'MapPtrToProcess')) {
      const arg = c.node.arguments[0]
      const origin = arg && provenanceAt(file, c.node)?.originOf(arg)
      const advice =
        origin === 'param-in' || origin === 'param-out'
          ? `${arg!.getText()} is a pointer parameter the kernel already checked: use it directly.`
          : 'Open the embedded pointer with CeOpenCallerBuffer and close it with CeCloseCallerBuffer on every path.'
      emit({ rule: 'CE6-M07', node: c.node, message: `${c.name} is a CE5 stub in CE6: it returns the pointer unchanged, nothing is marshalled or access-checked. ${advice}` })
    }
  },
}
