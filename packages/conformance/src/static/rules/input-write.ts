// CE6-M03: writing through an input-only buffer — IOControl's pBufIn, Write's buffer, or a buffer opened with an
// ARG_I_* descriptor — wherever the pointer travelled (helpers, records, callbacks).
import { accessesIn } from '../source/dereferences.js'
import type { StaticCheck } from './rule.js'
import { viaText } from './via.js'

export const inputWrite: StaticCheck = {
  ids: ['CE6-M03'],
  check(file, emit) {
    for (const a of accessesIn(file)) {
      if (!a.write) continue
      const param = a.reaches.get('in')
      const opened = a.reaches.get('mar-in')
      const r = param ?? opened
      if (!r) continue
      const what = param ? 'an input-only buffer' : 'a buffer opened with an input-only ARG_I_* descriptor'
      emit({ rule: 'CE6-M03', node: a.node, message: `Writes through \`${a.arg.getText()}\`, ${what}${viaText(file, r.via)}: in udevice (CE 6.0 R2) the input alias is read-only and the write faults. Return data through the output buffer${opened && !param ? ', or open the pointer with ARG_O_PTR/ARG_IO_PTR' : ''}.` })
    }
  },
}
