// CE6-A03: the asynchronous buffer must be freed before the caller buffer it was made from is closed.
import { pathText } from '../source/ast.js'
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

export const asyncFreeOrder: StaticCheck = {
  ids: ['CE6-A03'],
  check(file, emit) {
    const closes = callsOf(file, 'CeCloseCallerBuffer')
    for (const f of callsOf(file, 'CeFreeAsynchronousBuffer', 'CeFlushAsynchronousBuffer')) {
      const src = f.node.arguments[1] && pathText(f.node.arguments[1])
      if (!src) continue
      const closed = closes.find((c) => c.fn === f.fn && c.node.end < f.node.pos && c.node.arguments[0] && pathText(c.node.arguments[0]) === src)
      if (closed)
        emit({ rule: 'CE6-A03', node: f.node, message: `${f.name} runs after CeCloseCallerBuffer closed \`${src}\`, the buffer it was made from (in user mode the asynchronous buffer is that very copy). Free the asynchronous buffer first, then close.` })
    }
  },
}
