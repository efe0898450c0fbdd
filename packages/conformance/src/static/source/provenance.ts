// Where a pointer value comes from, followed through locals, properties, offset()/unsafePtr/MapCallerPtr and simple
// helpers of the same file. It is a may-analysis per entry point: a name that is ever given an embedded pointer is
// one. An embedded pointer is a value read out of caller memory (a parameter or an opened buffer).
import { ts } from 'ts-morph'
import { calleeName, destructured, isMemCall, pathText, unwrap, walk, type FunctionLike } from './ast.js'
import type { EntryPoint } from './driver-model.js'
import type { FileModel } from './file-model.js'

export type Origin = 'param-in' | 'param-out' | 'embedded' | 'marshalled' | 'async' | 'duplicate'
/** Internal: a helper's parameter, and a value read through it, while summarising the helper. */
type Sym = Origin | 'sym' | 'sym-deref'

const PASS_THROUGH = new Set(['unsafePtr', 'MapCallerPtr', 'MapPtrToProcess', 'offset', 'Number'])
const READS_POINTER = new Set(['readU32', 'readI32'])
const MADE_BY = new Map<string, Origin>([
  ['CeOpenCallerBuffer', 'marshalled'],
  ['CeAllocAsynchronousBuffer', 'async'],
  ['CeAllocDuplicateBuffer', 'duplicate'],
])
const CALLER_MEMORY = new Set<Sym>(['param-in', 'param-out', 'embedded', 'marshalled', 'sym'])

export interface Provenance {
  originOf(e: ts.Expression): Origin | undefined
  /** Paths of outer (driver-state) variables an entry point stored a pointer parameter in. */
  kept: Map<string, ts.Node>
}

export function provenance(file: FileModel, fn: FunctionLike, entry: EntryPoint | undefined): Provenance {
  const env = new Map<string, Sym>()
  for (const [name, p] of entry?.pointers ?? []) env.set(name, p.role === 'in' ? 'param-in' : 'param-out')
  const summaries = new Map<FunctionLike, (Sym | undefined)[]>()
  const origin = (e: ts.Expression): Sym | undefined => originIn(file, e, env, summaries)
  const kept = new Map<string, ts.Node>()
  const locals = declaredIn(fn)
  if (fn.body)
    walk(fn.body, (n) => {
      if (ts.isVariableDeclaration(n) && n.initializer) bind(n.name, n.initializer, env, origin)
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const lhs = pathText(n.left)
        if (!lhs) return
        assign(lhs, n.right, env, origin)
        if (!locals.has(lhs.split('.')[0]!)) keep(lhs, n.right, origin, kept)
      }
    })
  return { originOf: (e) => asOrigin(origin(e)), kept }
}

function bind(name: ts.BindingName, init: ts.Expression, env: Map<string, Sym>, origin: (e: ts.Expression) => Sym | undefined): void {
  if (ts.isIdentifier(name)) return assign(name.text, init, env, origin)
  const made = madeBy(init)
  if (made) {
    const ptr = destructured(name).get('ptr')
    if (ptr) setOnce(env, ptr, made)
  }
}

function assign(path: string, rhs: ts.Expression, env: Map<string, Sym>, origin: (e: ts.Expression) => Sym | undefined): void {
  const e = unwrap(rhs)
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) setOnce(env, `${path}.${p.name.text}`, origin(p.initializer))
      else if (ts.isShorthandPropertyAssignment(p)) setOnce(env, `${path}.${p.name.text}`, env.get(p.name.text))
    }
    return
  }
  const made = madeBy(e)
  if (made) return setOnce(env, `${path}.ptr`, made)
  setOnce(env, path, origin(e))
}

function keep(lhs: string, rhs: ts.Expression, origin: (e: ts.Expression) => Sym | undefined, kept: Map<string, ts.Node>): void {
  const e = unwrap(rhs)
  const isParam = (x: ts.Expression) => {
    const o = origin(x)
    return o === 'param-in' || o === 'param-out'
  }
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties)
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && isParam(p.initializer)) kept.set(`${lhs}.${p.name.text}`, p)
      else if (ts.isShorthandPropertyAssignment(p) && isParam(p.name)) kept.set(`${lhs}.${p.name.text}`, p)
  } else if (isParam(e)) kept.set(lhs, rhs)
}

function setOnce(env: Map<string, Sym>, key: string, o: Sym | undefined): void {
  if (o === undefined) return
  const prev = env.get(key)
  if (prev === undefined || o === 'embedded') env.set(key, o)
}

function madeBy(e: ts.Expression): Origin | undefined {
  e = unwrap(e)
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression)
  return ts.isCallExpression(e) ? MADE_BY.get(calleeName(e) ?? '') : undefined
}

function originIn(file: FileModel, e: ts.Expression, env: Map<string, Sym>, summaries: Map<FunctionLike, (Sym | undefined)[]>): Sym | undefined {
  const go = (x: ts.Expression): Sym | undefined => originIn(file, x, env, summaries)
  e = unwrap(e)
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const p = pathText(e)
    if (p !== undefined && env.has(p)) return env.get(p)
    return undefined
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.BarToken || op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) return go(e.left)
    return undefined
  }
  if (ts.isConditionalExpression(e)) return go(e.whenTrue) ?? go(e.whenFalse)
  if (!ts.isCallExpression(e)) return undefined
  const name = calleeName(e) ?? ''
  if (PASS_THROUGH.has(name) && e.arguments[0]) return go(e.arguments[0])
  if (isMemCall(e) && READS_POINTER.has(name) && e.arguments[0]) return deref(go(e.arguments[0]))
  const helper = ts.isIdentifier(e.expression) ? file.functions.get(name) : undefined
  if (helper && !file.entryOf.has(helper)) return throughHelper(file, helper, e, go, summaries)
  return undefined
}

function deref(o: Sym | undefined): Sym | undefined {
  if (o === 'sym') return 'sym-deref'
  return o !== undefined && CALLER_MEMORY.has(o) ? 'embedded' : undefined
}

function throughHelper(file: FileModel, helper: FunctionLike, call: ts.CallExpression, go: (x: ts.Expression) => Sym | undefined, summaries: Map<FunctionLike, (Sym | undefined)[]>): Sym | undefined {
  const summary = summarise(file, helper, summaries)
  for (let i = 0; i < summary.length && i < call.arguments.length; i++) {
    const s = summary[i]
    if (s === 'sym') return go(call.arguments[i]!)
    if (s === 'sym-deref') return deref(go(call.arguments[i]!))
  }
  return undefined
}

/** Per parameter: does the helper return it ('sym'), or a value read through it ('sym-deref')? */
function summarise(file: FileModel, helper: FunctionLike, summaries: Map<FunctionLike, (Sym | undefined)[]>): (Sym | undefined)[] {
  const known = summaries.get(helper)
  if (known) return known
  summaries.set(helper, []) // recursion: a helper that calls itself says nothing
  const result = helper.parameters.map((p) => {
    if (!ts.isIdentifier(p.name)) return undefined
    const env = new Map<string, Sym>([[p.name.text, 'sym']])
    const go = (x: ts.Expression) => originIn(file, x, env, summaries)
    if (helper.body) walk(helper.body, (n) => {
      if (ts.isVariableDeclaration(n) && n.initializer && ts.isIdentifier(n.name)) setOnce(env, n.name.text, go(n.initializer))
    }, false)
    const returns = returnedExpressions(helper)
    const origins = returns.map(go).filter((o) => o === 'sym' || o === 'sym-deref')
    return origins.includes('sym-deref') ? 'sym-deref' : origins[0]
  })
  summaries.set(helper, result)
  return result
}

function returnedExpressions(fn: FunctionLike): ts.Expression[] {
  if (!fn.body) return []
  if (!ts.isBlock(fn.body)) return [fn.body]
  const out: ts.Expression[] = []
  walk(fn.body, (n) => {
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression)
  }, false)
  return out
}

function asOrigin(s: Sym | undefined): Origin | undefined {
  return s === 'sym' || s === 'sym-deref' ? undefined : s
}

/** Names declared in `fn` and in the functions nested in it (their own locals are not driver state). */
function declaredIn(fn: FunctionLike): Set<string> {
  const names = new Set<string>()
  const add = (b: ts.BindingName) => {
    if (ts.isIdentifier(b)) names.add(b.text)
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) add(el.name)
  }
  for (const p of fn.parameters) add(p.name)
  if (fn.body) walk(fn.body, (n) => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n)) add(n.name)
  })
  return names
}
