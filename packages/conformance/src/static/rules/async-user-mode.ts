// CE6-A06: an asynchronous buffer made from a pointer parameter and kept past the call cannot work in user mode
// (CeAllocAsynchronousBuffer returns the parameter's alias, which the reflector unmaps at the return).
import { provenanceOf } from '../source/analysis-root.js'
import { resourcesOf } from '../source/resources.js'
import type { StaticCheck } from './rule.js'

export const asyncUserMode: StaticCheck = {
  ids: ['CE6-A06'],
  check(file, emit) {
    for (const fn of file.entryOf.keys()) {
      const prov = provenanceOf(file, fn)
      for (const r of resourcesOf(fn)) {
        const src = r.alloc.arguments[0]
        const o = src && prov.originOf(src)
        if (r.kind !== 'async' || !r.escaped || (o !== 'param-in' && o !== 'param-out')) continue
        const where = file.mode === 'user' ? 'This driver is registered for user mode: the access after the return faults.' : 'It keeps the driver in kernel mode.'
        emit({ rule: 'CE6-A06', node: r.alloc, message: `An asynchronous buffer of the pointer parameter \`${src!.getText()}\` is kept past the call; in udevice it is the parameter's alias, unmapped at the return. ${where} Make the exchange synchronous, or pass an embedded pointer the driver opens with CeOpenCallerBuffer and keeps open.` })
      }
    }
  },
}
