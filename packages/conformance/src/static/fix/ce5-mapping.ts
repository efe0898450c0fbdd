// --fix for CE6-M07 (and the CE6-M01 it causes): `const p = ctx.MapCallerPtr(src, len)`.
// On a pointer parameter the call is dropped (CE6 returns the pointer unchanged and the kernel checked it). On an
// embedded pointer it becomes CeOpenCallerBuffer, a failure return, and a try/finally that closes the buffer on
// every exit of its block — only when the shape is provable: a `const` in a block of an IOControl/Read/Write whose
// uses are all ctx.mem accesses (or offset() of it) in that function, none in a closure.
import { ts } from 'ts-morph'
import { calleeName, enclosingFunction, isMemCall, isMemWrite, walk } from '../source/ast.js'
import { provenanceOf } from '../source/analysis-root.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { descriptorFor, failureValue, importEdits, indentMore, indentOf, receiverOf, type FixPlan } from './edits.js'

export function ce5MappingFixes(file: FileModel): FixPlan[] {
  return callsOf(file, 'MapCallerPtr', 'MapPtrToProcess').flatMap((c) => {
    const plan = planFor(file, c.node)
    return plan ? [plan] : []
  })
}

function planFor(file: FileModel, call: ts.CallExpression): FixPlan | undefined {
  const decl = call.parent
  const stmt = decl?.parent?.parent
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || decl.initializer !== call || !stmt || !ts.isVariableStatement(stmt)) return undefined
  const body = stmt.parent
  const fn = enclosingFunction(stmt)
  const entry = ts.isBlock(body) && fn ? file.entryOf.get(fn) : undefined
  const src = call.arguments[0]
  if (!entry || !src || !ts.isBlock(body)) return undefined
  const origin = provenanceOf(file, entry.fn).originOf(src)
  if (origin === 'param-in' || origin === 'param-out') return { rule: 'CE6-M07', targets: [call], edits: [{ start: call.getStart(file.sf), end: call.end, text: src.getText(file.sf) }] }
  if (origin !== 'embedded' || calleeName(call) !== 'MapCallerPtr') return undefined
  return openCallerBufferPlan(file, call, decl.name.text, stmt, body, entry.fn, failureValue(entry.name))
}

function openCallerBufferPlan(file: FileModel, call: ts.CallExpression, name: string, stmt: ts.VariableStatement, body: ts.Block, fn: ts.Node, failure: string | undefined): FixPlan | undefined {
  const ctx = receiverOf(call, file.sf)
  const [src, len] = call.arguments
  const uses = usesOf(body, name, fn)
  if (!ctx || !src || !len || failure === undefined || !uses) return undefined
  const sf = file.sf
  const rest = body.statements.slice(body.statements.indexOf(stmt) + 1)
  if (rest.length === 0) return undefined
  const desc = descriptorFor(uses.reads, uses.writes)
  const ind = indentOf(sf, stmt.getStart(sf))
  const simple = (e: ts.Expression) => ts.isIdentifier(e) || ts.isNumericLiteral(e)
  const lines: string[] = []
  const srcName = simple(src) ? src.getText(sf) : `${name}Src`
  const lenName = simple(len) ? len.getText(sf) : `${name}Len`
  if (!simple(src)) lines.push(`const ${srcName} = ${src.getText(sf)}`)
  if (!simple(len)) lines.push(`const ${lenName} = ${len.getText(sf)}`)
  lines.push(
    `const { hr: ${name}Hr, ptr: ${name} } = ${ctx}.CeOpenCallerBuffer(${srcName}, ${lenName}, ${desc}, false)`,
    `if (${name}Hr !== 0) {`,
    `  ${ctx}.SetLastError(ERROR_INVALID_PARAMETER)`,
    `  return ${failure}`,
    `}`,
    `try {`,
    `  ${indentMore(sf.text.slice(rest[0]!.getStart(sf), rest.at(-1)!.end))}`,
    `} finally {`,
    `  ${ctx}.CeCloseCallerBuffer(${name}, ${srcName}, ${lenName}, ${desc})`,
    `}`,
  )
  const edit = { start: stmt.getStart(sf), end: rest.at(-1)!.end, text: lines.join(`\n${ind}`) }
  return { rule: 'CE6-M07', targets: [call, ...uses.accesses], edits: [edit, ...importEdits(sf, [desc, 'ERROR_INVALID_PARAMETER'])] }
}

/** How `name` is used in `body`: undefined when any use is not a ctx.mem access (or offset() inside one). */
function usesOf(body: ts.Block, name: string, fn: ts.Node): { reads: boolean; writes: boolean; accesses: ts.CallExpression[] } | undefined {
  let ok = true
  let reads = false
  let writes = false
  const accesses: ts.CallExpression[] = []
  walk(body, (n) => {
    if (!ts.isIdentifier(n) || n.text !== name || ts.isVariableDeclaration(n.parent)) return
    if (enclosingFunction(n) !== fn) {
      ok = false // a closure would use the buffer after the finally closed it
      return
    }
    let e: ts.Node = n
    if (ts.isCallExpression(e.parent) && calleeName(e.parent) === 'offset' && e.parent.arguments[0] === e) e = e.parent
    const p = e.parent
    if (!ts.isCallExpression(p) || !isMemCall(p) || p.arguments[0] !== e) {
      ok = false
      return
    }
    accesses.push(p)
    if (isMemWrite(p)) writes = true
    else reads = true
  })
  return ok && accesses.length > 0 ? { reads, writes, accesses } : undefined
}
