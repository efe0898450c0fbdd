// --fix for CE6-A05 (and the CE6-A01 it hides): a SetKMode/SetProcPermissions bracket in a thread an entry point
// starts, around accesses to the entry point's pointer parameters. The provable shape: the routine is a function
// written inline in `CreateThread(…)`, the bracket statements are at the top level of its body, every access to the
// parameters in the routine is inside the bracket, and no return or throw leaves the bracket. The rewrite makes an
// asynchronous buffer of each parameter before the thread starts (failing the call if it cannot), uses it inside the
// bracket, and frees it in a finally where the bracket ended.
import { ts } from 'ts-morph'
import { calleeName, isFunctionLike, isMemCall, isMemWrite, memPointerArgs, unwrap, walk } from '../source/ast.js'
import type { EntryPoint } from '../source/driver-model.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { descriptorFor, failureValue, importEdits, indentMore, indentOf, lineRange, receiverOf, type Edit, type FixPlan } from './edits.js'

const BRACKET = new Set(['SetKMode', 'SetProcPermissions'])

export function ce5PermissionFixes(file: FileModel): FixPlan[] {
  return callsOf(file, 'CreateThread').flatMap((c) => {
    const plan = planFor(file, c.node)
    return plan ? [plan] : []
  })
}

interface Bracket {
  stmts: ts.Statement[]
  first: number
  last: number
}

function planFor(file: FileModel, create: ts.CallExpression): FixPlan | undefined {
  const entry = [...file.entryOf.values()].find((e) => create.pos >= e.fn.pos && create.end <= e.fn.end)
  const routine = create.arguments[0] && unwrap(create.arguments[0])
  const ctx = receiverOf(create, file.sf)
  const failure = entry && failureValue(entry.name)
  if (!entry || !ctx || !failure || !routine || !isFunctionLike(routine) || !routine.body || !ts.isBlock(routine.body)) return undefined
  const bracket = findBracket(routine.body)
  if (!bracket) return undefined
  const params = paramAccesses(entry, routine.body, bracket)
  const startStmt = statementOf(create)
  if (!params || params.size === 0 || !startStmt || !ts.isBlock(startStmt.parent)) return undefined
  return rewrite(file, { entry, ctx, failure, create, startStmt, body: routine.body, bracket, params })
}

function findBracket(body: ts.Block): Bracket | undefined {
  const idx = body.statements.map((s, i) => (isBracketStatement(s) ? i : -1)).filter((i) => i >= 0)
  if (idx.length < 2) return undefined
  const first = idx[0]!
  const last = idx.at(-1)!
  const inside = body.statements.slice(first, last + 1)
  let exits = false
  for (const s of inside) walk(s, (n) => {
    if (ts.isReturnStatement(n) || ts.isThrowStatement(n)) exits = true
  }, false)
  return exits ? undefined : { stmts: inside, first, last }
}

function isBracketStatement(s: ts.Statement): boolean {
  const call = ts.isExpressionStatement(s) ? unwrap(s.expression) : ts.isVariableStatement(s) && s.declarationList.declarations.length === 1 ? s.declarationList.declarations[0]!.initializer : undefined
  return !!call && ts.isCallExpression(call) && BRACKET.has(calleeName(call) ?? '')
}

/** Parameter → how it is accessed, or undefined when some use of it in the routine is outside the bracket or not an access. */
function paramAccesses(entry: EntryPoint, body: ts.Block, b: Bracket): Map<string, { reads: boolean; writes: boolean; ids: ts.Identifier[] }> | undefined {
  const out = new Map<string, { reads: boolean; writes: boolean; ids: ts.Identifier[] }>()
  const lo = b.stmts[0]!.pos
  const hi = b.stmts.at(-1)!.end
  let ok = true
  walk(body, (n) => {
    if (!ts.isIdentifier(n) || !entry.pointers.has(n.text) || ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) return
    const access = n.parent
    const isAccess = ts.isCallExpression(access) && isMemCall(access) && memPointerArgs(access).includes(n)
    const p = entry.pointers.get(n.text)!
    if (!isAccess || n.pos < lo || n.end > hi || !p.length) {
      ok = false
      return
    }
    const rec = out.get(n.text) ?? { reads: false, writes: false, ids: [] }
    if (isMemWrite(access) && access.arguments[0] === n) rec.writes = true
    else rec.reads = true
    rec.ids.push(n)
    out.set(n.text, rec)
  })
  return ok ? out : undefined
}

function statementOf(n: ts.Node): ts.Statement | undefined {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (ts.isStatement(p) && p.parent && ts.isBlock(p.parent)) return p
  return undefined
}

interface Shape {
  entry: EntryPoint
  ctx: string
  failure: string
  create: ts.CallExpression
  startStmt: ts.Statement
  body: ts.Block
  bracket: Bracket
  params: Map<string, { reads: boolean; writes: boolean; ids: ts.Identifier[] }>
}

function rewrite(file: FileModel, s: Shape): FixPlan {
  const sf = file.sf
  const { ctx } = s
  const ind = indentOf(sf, s.startStmt.getStart(sf))
  const allocs: string[] = []
  const frees: string[] = []
  const descs: string[] = []
  for (const [name, use] of [...s.params].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const len = s.entry.pointers.get(name)!.length!
    const desc = descriptorFor(use.reads, use.writes)
    descs.push(desc)
    allocs.push(
      `const { hr: ${name}AsyncHr, ptr: ${name}Async } = ${ctx}.CeAllocAsynchronousBuffer(${name}, ${len}, ${desc})`,
      `if (${name}AsyncHr !== 0) {`,
      `  ${ctx}.SetLastError(ERROR_INVALID_PARAMETER)`,
      `  return ${s.failure}`,
      `}`,
    )
    frees.push(`${ctx}.CeFreeAsynchronousBuffer(${name}Async, ${name}, ${len}, ${desc})`)
  }
  const bind = ind.length === 0 ? '\n' : `\n${ind}`
  const edits: Edit[] = [{ start: s.startStmt.getStart(sf), end: s.startStmt.getStart(sf), text: allocs.join(bind) + bind }]
  const bracketCalls = s.bracket.stmts.filter(isBracketStatement)
  const targets = [...bracketCalls.map(callIn), ...[...s.params.values()].flatMap((u) => u.ids.map((id) => id.parent))]
  edits.push(bracketEdit(sf, s, frees), ...permissionSources(file, s, targets), ...importEdits(sf, [...descs, 'ERROR_INVALID_PARAMETER']))
  return { rule: 'CE6-A05', targets, edits }
}

function callIn(st: ts.Statement): ts.Node {
  let found: ts.Node = st
  walk(st, (n) => {
    if (found === st && ts.isCallExpression(n) && BRACKET.has(calleeName(n) ?? '')) found = n
  })
  return found
}

/** The bracket becomes try { the accesses, on the async pointers } finally { free }. */
function bracketEdit(sf: ts.SourceFile, s: Shape, frees: string[]): Edit {
  const ind = indentOf(sf, s.bracket.stmts[0]!.getStart(sf))
  const kept = s.bracket.stmts.filter((st) => !isBracketStatement(st)).map((st) => indentMore(withAsyncNames(sf, st, s.params)))
  const text = [`try {`, ...kept.map((k) => `  ${k}`), `} finally {`, ...frees.map((f) => `  ${f}`), `}`].join(`\n${ind}`)
  return { start: s.bracket.stmts[0]!.getStart(sf), end: s.bracket.stmts.at(-1)!.end, text }
}

function withAsyncNames(sf: ts.SourceFile, st: ts.Statement, params: Shape['params']): string {
  const ids = [...params.values()].flatMap((u) => u.ids).filter((id) => id.pos >= st.pos && id.end <= st.end).sort((a, b) => b.pos - a.pos)
  let text = sf.text.slice(st.getStart(sf), st.end)
  const base = st.getStart(sf)
  for (const id of ids) text = text.slice(0, id.getStart(sf) - base) + `${id.text}Async` + text.slice(id.end - base)
  return text
}

/** `const perms = ctx.GetCurrentPermissions()` in the entry point, used only by the removed bracket: deleted too. */
function permissionSources(file: FileModel, s: Shape, targets: ts.Node[]): Edit[] {
  const edits: Edit[] = []
  for (const c of callsOf(file, 'GetCurrentPermissions')) {
    const decl = c.node.parent
    const stmt = decl?.parent?.parent
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !stmt || !ts.isVariableStatement(stmt) || c.fn !== s.entry.fn) continue
    const name = decl.name.text
    let usedElsewhere = false
    walk(s.entry.fn, (n) => {
      if (ts.isIdentifier(n) && n.text === name && n !== decl.name && !s.bracket.stmts.some((b) => n.pos >= b.pos && n.end <= b.end)) usedElsewhere = true
    })
    if (usedElsewhere) continue
    edits.push(lineRange(file.sf, stmt))
    targets.push(c.node)
  }
  return edits
}
