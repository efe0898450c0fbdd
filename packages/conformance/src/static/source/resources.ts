// Marshalling resources a function acquires (CeOpenCallerBuffer, CeAllocAsynchronousBuffer, CeAllocDuplicateBuffer),
// how they are bound, and whether the pointer escapes the function (kept in driver state, captured by a thread,
// returned, handed to a helper). Escaped buffers are released elsewhere; local ones must be released on every path.
import { ts } from 'ts-morph'
import { calleeName, destructured, isFunctionLike, isMemCall, pathText, unwrap, walk, type FunctionLike } from './ast.js'
import { flowOf } from './analysis-root.js'
import type { FileModel } from './file-model.js'
import { keepsParam } from './flow.js'

export type ResourceKind = 'caller' | 'async' | 'duplicate'

export const ALLOCATES: ReadonlyMap<string, ResourceKind> = new Map([
  ['CeOpenCallerBuffer', 'caller'],
  ['CeAllocAsynchronousBuffer', 'async'],
  ['CeAllocDuplicateBuffer', 'duplicate'],
])
export const RELEASES: Record<ResourceKind, string> = {
  caller: 'CeCloseCallerBuffer',
  async: 'CeFreeAsynchronousBuffer',
  duplicate: 'CeFreeDuplicateBuffer',
}

export interface Resource {
  kind: ResourceKind
  alloc: ts.CallExpression
  fn: FunctionLike
  /** Paths that name the buffer's pointer (`ptr`, `open.ptr`) and its HRESULT (`hr`, `open.hr`). */
  ptrPaths: Set<string>
  hrPaths: Set<string>
  /** False when the result is dropped: nothing can ever release it. */
  bound: boolean
  escaped: boolean
  /** Where an escaped pointer went (`buf.ptr`, `pending`): a release through one of these paths frees it. */
  escapeTargets: string[]
}

/** With `file`, a pointer handed to a scanned helper that neither keeps nor releases it does not escape. */
export function resourcesOf(fn: FunctionLike, file?: FileModel): Resource[] {
  const out: Resource[] = []
  if (!fn.body) return out
  walk(fn.body, (n) => {
    if (!ts.isCallExpression(n)) return
    const kind = ALLOCATES.get(calleeName(n) ?? '')
    if (kind) out.push(resource(kind, n, fn, file))
  }, false)
  return out
}

function resource(kind: ResourceKind, alloc: ts.CallExpression, fn: FunctionLike, file: FileModel | undefined): Resource {
  const r: Resource = { kind, alloc, fn, ptrPaths: new Set(), hrPaths: new Set(), bound: true, escaped: false, escapeTargets: [] }
  let top: ts.Node = alloc
  while (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent)) top = top.parent
  const parent = top.parent
  if (ts.isVariableDeclaration(parent) && parent.initializer === top) bindTo(r, parent.name)
  else if (ts.isBinaryExpression(parent) && parent.right === top && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const lhs = pathText(parent.left)
    if (lhs) addObject(r, lhs)
  } else if (ts.isCallExpression(parent) || ts.isReturnStatement(parent) || ts.isPropertyAssignment(parent) || ts.isArrayLiteralExpression(parent)) {
    r.escaped = true
  } else r.bound = false
  if (r.bound && !r.escaped) findEscapes(r, file)
  return r
}

function bindTo(r: Resource, name: ts.BindingName): void {
  if (ts.isIdentifier(name)) return addObject(r, name.text)
  const m = destructured(name)
  if (m.get('ptr')) r.ptrPaths.add(m.get('ptr')!)
  if (m.get('hr')) r.hrPaths.add(m.get('hr')!)
  if (!m.get('ptr')) r.bound = false
}

function addObject(r: Resource, path: string): void {
  r.ptrPaths.add(`${path}.ptr`)
  r.hrPaths.add(`${path}.hr`)
}

/** Mark the resource escaped when its pointer is used anywhere but a memory access, its release, or a marshal call. */
function findEscapes(r: Resource, file: FileModel | undefined): void {
  const roots = new Set([...r.ptrPaths].map((p) => p.split('.')[0]!))
  walk(r.fn.body!, (n) => {
    if (!ts.isIdentifier(n) || !roots.has(n.text) || isDeclarationName(n)) return
    let use: ts.Expression = n
    while (ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use) use = use.parent
    const path = pathText(use)
    if (!path || r.hrPaths.has(path) || (!r.ptrPaths.has(path) && !roots.has(path))) return
    const target = escapeTarget(r, use, file)
    if (target === null) return
    r.escaped = true
    if (target) r.escapeTargets.push(target)
  })
}

function isDeclarationName(n: ts.Identifier): boolean {
  const p = n.parent
  return (ts.isVariableDeclaration(p) && p.name === n) || ts.isBindingElement(p) || (ts.isPropertyAccessExpression(p) && p.name === n)
}

/** null: a harmless use; '' : escapes to somewhere unknown; a path: escapes into that driver-state path. */
function escapeTarget(r: Resource, use: ts.Expression, file: FileModel | undefined): string | null {
  if (enclosingFn(use) !== r.fn) return pathText(use) ?? ''
  let e: ts.Node = use
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent)) e = e.parent
  const p = e.parent
  if (ts.isCallExpression(p)) {
    const name = calleeName(p) ?? ''
    if (isMemCall(p) || name === 'offset' || ALLOCATES.has(name) || Object.values(RELEASES).includes(name) || name === 'CeFlushAsynchronousBuffer') return null
    return file && lentToHelper(file, p, e) ? null : ''
  }
  if (ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p)) return objectTarget(p)
  if (ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return pathText(p.left) ?? ''
  if (ts.isVariableDeclaration(p) || ts.isReturnStatement(p) || ts.isArrayLiteralExpression(p) || ts.isArrowFunction(p)) return ''
  return null
}

function objectTarget(p: ts.ShorthandPropertyAssignment | ts.PropertyAssignment): string {
  const prop = ts.isIdentifier(p.name) ? p.name.text : ''
  const obj = p.parent
  const holder = obj.parent
  if (ts.isBinaryExpression(holder) && holder.right === obj) return `${pathText(holder.left) ?? ''}.${prop}`
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return `${holder.name.text}.${prop}`
  return ''
}

/** `use` is an argument of a call to a scanned helper that uses it during the call only. */
function lentToHelper(file: FileModel, call: ts.CallExpression, use: ts.Node): boolean {
  const i = call.arguments.indexOf(use as ts.Expression)
  const flow = flowOf(file)
  const callee = i >= 0 ? flow.resolve(file, call) : undefined
  if (!callee || !callee.body) return false
  return !releasesOrStarts(callee) && !keepsParam(flow.summary(callee), i)
}

const TAKES = new Set(['CreateThread', 'CeFlushAsynchronousBuffer', ...Object.values(RELEASES)])
const takesCache = new WeakMap<FunctionLike, boolean>()

/** Does the function release a marshalling buffer or start a thread (then a buffer it is given may outlive it)? */
function releasesOrStarts(fn: FunctionLike): boolean {
  let v = takesCache.get(fn)
  if (v === undefined) {
    v = false
    walk(fn.body!, (n) => {
      if (ts.isCallExpression(n) && TAKES.has(calleeName(n) ?? '')) v = true
    })
    takesCache.set(fn, v)
  }
  return v
}

function enclosingFn(n: ts.Node): FunctionLike | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p)) return p
  return undefined
}

/** The release call (of the resource's kind) whose first argument names the resource. */
export function releases(r: Resource, call: ts.CallExpression): boolean {
  if (calleeName(call) !== RELEASES[r.kind]) return false
  const first = call.arguments[0]
  const p = first && pathText(unwrap(first))
  return p !== undefined && r.ptrPaths.has(p)
}
