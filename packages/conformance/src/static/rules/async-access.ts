// CE6-A01: caller memory touched after the call returned or from another thread, without an asynchronous buffer:
// a pointer parameter read back out of driver state (a variable, a request record, a queue) and dereferenced, or
// dereferenced on a thread (an inline routine, a routine handed the pointer, a helper such a routine calls).
import { ts } from 'ts-morph'
import { flowOf } from '../source/analysis-root.js'
import { lineOf } from '../source/ast.js'
import { accessesIn } from '../source/dereferences.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { unitOf } from '../source/flow.js'
import type { Emit, StaticCheck } from './rule.js'
import { viaText } from './via.js'

const ADVICE = 'Make an asynchronous buffer with CeAllocAsynchronousBuffer during the call, use only that pointer afterwards, and free it with CeFreeAsynchronousBuffer when done.'

export const asyncAccess: StaticCheck = {
  ids: ['CE6-A01'],
  check(file, emit) {
    for (const a of accessesIn(file)) {
      const kept = a.reaches.get('in@') ?? a.reaches.get('out@')
      const threaded = [a.reaches.get('in'), a.reaches.get('out')].find((r) => r?.async)
      if (kept)
        emit({ rule: 'CE6-A01', node: a.node, message: `\`${a.arg.getText()}\` holds a pointer parameter kept from an earlier call (in driver state or handed to a thread)${viaText(file, kept.via)}; the kernel checked it for that call only. ${ADVICE}` })
      else if (threaded)
        emit({ rule: 'CE6-A01', node: a.node, message: `A thread dereferences the pointer parameter \`${a.arg.getText()}\` of the call that started it${viaText(file, threaded.via)}; it runs after (or beside) that call. ${ADVICE}` })
    }
    for (const c of callsOf(file, 'CreateThread')) handedToThread(file, c.node, emit)
  },
}

function handedToThread(file: FileModel, create: ts.CallExpression, emit: Emit): void {
  const param = create.arguments[1]
  const fn = unitOf(file, create)
  const v = param && fn ? flowOf(file).unit(fn)?.val(param) : undefined
  if (v && (v.has('in') || v.has('out')))
    emit({ rule: 'CE6-A01', node: create, message: `The pointer parameter \`${param!.getText()}\` is handed to a new thread (line ${lineOf(file.sf, create.getStart(file.sf))}), which runs after the call returns and sees another process's memory. ${ADVICE}` })
}
