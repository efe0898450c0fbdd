// CE6-M03: writing through an input-only parameter (IOControl's pBufIn, Write's buffer).
import { ts } from 'ts-morph'
import { isMemWrite, walk } from '../source/ast.js'
import { provenanceAt } from '../source/analysis-root.js'
import type { StaticCheck } from './rule.js'

export const inputWrite: StaticCheck = {
  ids: ['CE6-M03'],
  check(file, emit) {
    walk(file.sf, (n) => {
      if (!ts.isCallExpression(n) || !isMemWrite(n) || !n.arguments[0]) return
      if (provenanceAt(file, n)?.originOf(n.arguments[0]) === 'param-in')
        emit({ rule: 'CE6-M03', node: n, message: `Writes through \`${n.arguments[0].getText()}\`, an input-only buffer: in udevice (CE 6.0 R2) the input alias is read-only and the write faults. Return data through the output buffer.` })
    })
  },
}
