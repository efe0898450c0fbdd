// CE6-R03 / CE6-R04: handles and memory that can never be released. A created value that is dropped (used only in a
// test, or as a statement) leaks; one bound to a name leaks when no function that releases that kind of resource
// mentions the name (release code often loops over a list of fields, so the name need not be the argument). One
// created in Open for that open (a local of Open, or a field of the record Open builds) leaks at every Close when no
// release code Close reaches mentions it: released only in Deinit, it outlives each handle (CE6 calls Close once per
// open, Deinit once per device).
import { ts } from 'ts-morph'
import { isInside, walk, type FunctionLike } from '../source/ast.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import type { Emit, StaticCheck } from './rule.js'

interface Family {
  rule: string
  what: string
  create: string[]
  release: string[]
}

const FAMILIES: Family[] = [
  { rule: 'CE6-R03', what: 'handle', create: ['CreateEvent', 'CreateMutex', 'CreateSemaphore', 'CreateThread', 'CreateFile', 'OpenDeviceKey'], release: ['CloseHandle', 'RegCloseKey'] },
  { rule: 'CE6-R04', what: 'memory', create: ['LocalAlloc', 'VirtualAlloc', 'AllocPhysMem', 'MmMapIoSpace'], release: ['LocalFree', 'VirtualFree', 'FreePhysMem', 'MmUnmapIoSpace'] },
]

export const leaks: StaticCheck = {
  ids: ['CE6-R03', 'CE6-R04'],
  check(file, emit) {
    for (const fam of FAMILIES) {
      const releasers = new Set(callsOf(file, ...fam.release).map((c) => c.fn))
      const mentioned = namesIn(releasers)
      for (const c of callsOf(file, ...fam.create)) {
        const name = boundName(c.node)
        if (name === null) continue
        if (name === undefined) emit({ rule: fam.rule, node: c.node, message: `The ${fam.what} ${c.name} returns is dropped: nothing can release it (${fam.release.join('/')}).` })
        else if (!mentioned.has(name)) emit({ rule: fam.rule, node: c.node, message: `The ${fam.what} ${c.name} returns is kept in \`${name}\`, which no code that calls ${fam.release.join('/')} mentions: release it in Close or Deinit, error paths included.` })
        else perOpen(file, fam, c.node, c.name, name, emit)
      }
    }
  },
}

/** A resource Open makes for the open it returns, that no release code reached from Close (or PreClose) names. */
function perOpen(file: FileModel, fam: Family, create: ts.CallExpression, api: string, name: string, emit: Emit): void {
  for (const d of file.drivers) {
    const open = d.entries.find((e) => e.name === 'Open')
    const closers = d.entries.filter((e) => e.name === 'Close' || e.name === 'PreClose').map((e) => e.fn)
    if (!open || closers.length === 0 || !isInside(create, open.fn) || !keptForTheOpen(create, open.fn)) continue
    const reached = reachedFrom(file, closers)
    if (reached === undefined) continue // Close calls code the file does not hold: it may release it there
    const releasing = new Set([...reached].filter((fn) => callsOf(file, ...fam.release).some((c) => c.fn !== undefined && isInside(c.node, fn))))
    if (namesIn(releasing).has(name) || namesIn(new Set(callsOf(file, ...fam.release).filter((c) => c.fn === open.fn).map((c) => c.fn))).has(name)) continue
    emit({ rule: fam.rule, node: create, message: `Open makes this ${fam.what} (${api}) for each open and keeps it in \`${name}\`, but nothing Close reaches releases it: every CreateFile/CloseHandle pair leaks one until Deinit. Release it in Close.` })
  }
}

/** A local of Open, or a property of an object literal built in Open (the open's record); not the driver's shared state. */
function keptForTheOpen(create: ts.CallExpression, open: FunctionLike): boolean {
  let e: ts.Node = create
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isAwaitExpression(e.parent)) e = e.parent
  const p = e.parent
  return (ts.isVariableDeclaration(p) && isInside(p, open)) || (ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.parent))
}

/** The functions `roots` run, following calls by name to the file's functions; undefined on a call to one it lacks. */
function reachedFrom(file: FileModel, roots: readonly FunctionLike[]): Set<FunctionLike> | undefined {
  const seen = new Set<FunctionLike>()
  const todo = [...roots]
  let unknown = false
  while (todo.length > 0) {
    const fn = todo.pop()!
    if (seen.has(fn)) continue
    seen.add(fn)
    walk(fn, (n) => {
      if (!ts.isCallExpression(n) || !ts.isIdentifier(n.expression)) return
      const callee = file.functions.get(n.expression.text)
      if (callee) todo.push(callee)
      else if (!GLOBALS.has(n.expression.text)) unknown = true
    })
  }
  return unknown ? undefined : seen
}

/** Calls by bare name that release nothing of the driver's. */
const GLOBALS = new Set(['fail', 'Number', 'String', 'Boolean', 'BigInt', 'Math', 'parseInt', 'isNaN', 'Array', 'Object', 'SUCCEEDED', 'FAILED', 'offset'])

/** The name the value is kept in; undefined when dropped; null when it goes somewhere we cannot follow. */
function boundName(call: ts.CallExpression): string | undefined | null {
  let e: ts.Node = call
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isAwaitExpression(e.parent)) e = e.parent
  const p = e.parent
  if (ts.isVariableDeclaration(p)) return ts.isIdentifier(p.name) ? p.name.text : null
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === e) {
    const l = p.left
    return ts.isIdentifier(l) ? l.text : ts.isPropertyAccessExpression(l) ? l.name.text : null
  }
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text
  if (ts.isExpressionStatement(p) || ts.isConditionalExpression(p) && p.condition === e || ts.isIfStatement(p) || ts.isPrefixUnaryExpression(p)) return undefined
  if (ts.isBinaryExpression(p) && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken && !ts.isBinaryExpression(p.parent)) return compares(p) ? undefined : null
  return null
}

function compares(p: ts.BinaryExpression): boolean {
  const K = ts.SyntaxKind
  return [K.EqualsEqualsEqualsToken, K.ExclamationEqualsEqualsToken, K.EqualsEqualsToken, K.ExclamationEqualsToken, K.AmpersandAmpersandToken, K.BarBarToken].includes(p.operatorToken.kind)
}

function namesIn(fns: ReadonlySet<ts.Node | undefined>): Set<string> {
  const names = new Set<string>()
  for (const fn of fns) {
    if (!fn) continue
    walk(fn, (n) => {
      if (ts.isIdentifier(n)) names.add(n.text)
    })
  }
  return names
}

