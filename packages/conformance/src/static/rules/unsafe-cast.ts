// CEDK-S02: ctx.unsafePtr, the explicit cast an unported driver needs.
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

export const unsafeCast: StaticCheck = {
  ids: ['CEDK-S02'],
  check(file, emit) {
    for (const c of callsOf(file, 'unsafePtr'))
      emit({ rule: 'CEDK-S02', node: c.node, message: `unsafePtr(${c.node.arguments[0]?.getText() ?? ''}) makes a plain number dereferenceable without marshalling or an access check. Reach caller memory through the pointer CeOpenCallerBuffer returns.` })
  },
}
