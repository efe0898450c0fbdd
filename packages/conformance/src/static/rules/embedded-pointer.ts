// CE6-M01: an embedded pointer reaching ctx.mem without CeOpenCallerBuffer.
import { ts } from 'ts-morph'
import { isMemCall, memPointerArgs, walk } from '../source/ast.js'
import { provenanceAt } from '../source/analysis-root.js'
import type { StaticCheck } from './rule.js'

export const embeddedPointer: StaticCheck = {
  ids: ['CE6-M01'],
  check(file, emit) {
    walk(file.sf, (n) => {
      if (!ts.isCallExpression(n) || !isMemCall(n)) return
      const prov = provenanceAt(file, n)
      const arg = prov && memPointerArgs(n).find((a) => prov.originOf(a) === 'embedded')
      if (arg)
        emit({ rule: 'CE6-M01', node: n, message: `\`${arg.getText()}\` is an embedded pointer (a value read out of caller memory) used without CeOpenCallerBuffer: it works in kernel mode unchecked and faults in udevice. Open it with CeOpenCallerBuffer and use only the pointer it returns.` })
    })
  },
}
