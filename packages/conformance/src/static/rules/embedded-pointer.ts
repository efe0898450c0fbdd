// CE6-M01: an embedded pointer reaching ctx.mem without CeOpenCallerBuffer — through locals, records, arrays,
// helpers (in any scanned module), callbacks and driver state (source/flow.ts).
import { accessesIn } from '../source/dereferences.js'
import type { StaticCheck } from './rule.js'
import { viaText } from './via.js'

export const embeddedPointer: StaticCheck = {
  ids: ['CE6-M01'],
  check(file, emit) {
    for (const a of accessesIn(file)) {
      const r = a.reaches.get('emb')
      if (r)
        emit({ rule: 'CE6-M01', node: a.node, message: `\`${a.arg.getText()}\` is an embedded pointer (a value read out of caller memory)${viaText(file, r.via)} used without CeOpenCallerBuffer: it works in kernel mode unchecked and faults in udevice. Open it with CeOpenCallerBuffer and use only the pointer it returns.` })
    }
  },
}
