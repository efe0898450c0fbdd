// CE6-A06: an asynchronous buffer made from a pointer parameter and kept past the call cannot work in user mode
// (CeAllocAsynchronousBuffer returns the parameter's alias, which the reflector unmaps at the return). The
// parameter may reach the call through helpers (source/flow.ts); "kept" is the buffer's pointer escaping the
// function that made it (source/resources.ts).
import { enclosingFunction } from '../source/ast.js'
import { asyncAllocsIn } from '../source/dereferences.js'
import { resourcesOf } from '../source/resources.js'
import type { StaticCheck } from './rule.js'
import { viaText } from './via.js'

export const asyncUserMode: StaticCheck = {
  ids: ['CE6-A06'],
  check(file, emit) {
    for (const a of asyncAllocsIn(file)) {
      const r = a.reaches.get('in') ?? a.reaches.get('out')
      const fn = enclosingFunction(a.node)
      const res = fn && resourcesOf(fn, file).find((x) => x.alloc === a.node)
      if (!r || !res?.escaped) continue
      const where = file.mode === 'user' ? 'This driver is registered for user mode: the access after the return faults.' : 'It keeps the driver in kernel mode.'
      emit({ rule: 'CE6-A06', node: a.node, message: `An asynchronous buffer of the pointer parameter \`${a.arg.getText()}\`${viaText(file, r.via)} is kept past the call; in udevice it is the parameter's alias, unmapped at the return. ${where} Make the exchange synchronous, or pass an embedded pointer the driver opens with CeOpenCallerBuffer and keeps open.` })
    }
  },
}
