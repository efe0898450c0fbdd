// CE6-A01: caller memory touched after the call returned or from another thread, without an asynchronous buffer:
// a pointer parameter kept in driver state and dereferenced later, or dereferenced by a thread the entry point
// starts (captured by its routine, or passed as its parameter).
import { ts } from 'ts-morph'
import { isFunctionLike, isMemCall, lineOf, memPointerArgs, pathText, unwrap, walk } from '../source/ast.js'
import { provenanceOf } from '../source/analysis-root.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import type { Emit, StaticCheck } from './rule.js'

const ADVICE = 'Make an asynchronous buffer with CeAllocAsynchronousBuffer during the call, use only that pointer afterwards, and free it with CeFreeAsynchronousBuffer when done.'

export const asyncAccess: StaticCheck = {
  ids: ['CE6-A01'],
  check(file, emit) {
    keptAndUsedLater(file, emit)
    for (const c of callsOf(file, 'CreateThread')) threadUses(file, c.node, emit)
  },
}

function keptAndUsedLater(file: FileModel, emit: Emit): void {
  const kept = new Map<string, ts.Node>()
  for (const fn of file.entryOf.keys()) for (const [path, at] of provenanceOf(file, fn).kept) kept.set(path, at)
  if (kept.size === 0) return
  walk(file.sf, (n) => {
    if (!ts.isCallExpression(n) || !isMemCall(n)) return
    const arg = memPointerArgs(n).find((a) => kept.has(pathText(a) ?? ''))
    if (arg) {
      const at = kept.get(pathText(arg)!)!
      emit({ rule: 'CE6-A01', node: n, message: `\`${arg.getText()}\` holds a pointer parameter kept from an earlier call (line ${lineOf(file.sf, at.getStart(file.sf))}); the kernel checked it for that call only. ${ADVICE}` })
    }
  })
}

function threadUses(file: FileModel, create: ts.CallExpression, emit: Emit): void {
  const entry = [...file.entryOf.keys()].find((fn) => create.pos >= fn.pos && create.end <= fn.end)
  if (!entry) return
  const prov = provenanceOf(file, entry)
  const isParam = (e: ts.Expression) => {
    const o = prov.originOf(e)
    return o === 'param-in' || o === 'param-out'
  }
  const [routine, param] = create.arguments
  if (param && isParam(param)) emit({ rule: 'CE6-A01', node: create, message: `The pointer parameter \`${param.getText()}\` is handed to a new thread, which runs after the call returns and sees another process's memory. ${ADVICE}` })
  const fn = routine && unwrap(routine)
  if (!fn || !isFunctionLike(fn) || !fn.body) return
  walk(fn.body, (n) => {
    if (!ts.isCallExpression(n) || !isMemCall(n)) return
    const arg = memPointerArgs(n).find(isParam)
    if (arg) emit({ rule: 'CE6-A01', node: n, message: `The thread started at line ${lineOf(file.sf, create.getStart(file.sf))} dereferences the pointer parameter \`${arg.getText()}\` of the call that started it. ${ADVICE}` })
  })
}
