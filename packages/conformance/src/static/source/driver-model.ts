// What the analyzer knows about the drivers in a file: `defineDriver(dll, (ctx) => ({ … }))` (or the corpus's
// `corpusDriver`), the load function, its entry points and which of their parameters are caller pointers.
import { ts } from 'ts-morph'
import { calleeName, isFunctionLike, walk, type FunctionLike } from './ast.js'

export type PtrRole = 'in' | 'out'

export interface EntryPoint {
  /** The undecorated name (COM_IOControl → IOControl). */
  name: string
  fn: FunctionLike
  /** Parameter name → its role and the name of its length parameter. */
  pointers: Map<string, { role: PtrRole; length?: string }>
}

export interface DriverModel {
  dll?: string
  call: ts.CallExpression
  load: FunctionLike
  entries: EntryPoint[]
}

const DRIVER_FACTORIES = new Set(['defineDriver', 'corpusDriver'])
const ENTRY_NAMES = new Set(['Init', 'PreDeinit', 'Deinit', 'Open', 'PreClose', 'Close', 'Read', 'Write', 'Seek', 'IOControl', 'PowerUp', 'PowerDown'])

/** Pointer parameters by position: [index, role, index of the length parameter]. */
const POINTER_PARAMS: Record<string, [number, PtrRole, number?][]> = {
  IOControl: [[2, 'in', 3], [4, 'out', 5], [6, 'out']],
  Read: [[1, 'out', 2]],
  Write: [[1, 'in', 2]],
}

/** `calls`: the file's calls in tree order (the file model's walk collects them). */
export function findDrivers(functions: ReadonlyMap<string, FunctionLike>, calls: readonly ts.CallExpression[]): DriverModel[] {
  const drivers: DriverModel[] = []
  for (const n of calls) {
    if (!DRIVER_FACTORIES.has(calleeName(n) ?? '')) continue
    const load = n.arguments.find((a): a is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(a) || ts.isFunctionExpression(a))
    if (!load) continue
    const dllArg = n.arguments[0]
    const dll = dllArg && ts.isStringLiteralLike(dllArg) ? dllArg.text : undefined
    drivers.push({ dll, call: n, load, entries: entriesOf(load, functions) })
  }
  return drivers
}

function entriesOf(load: FunctionLike, functions: ReadonlyMap<string, FunctionLike>): EntryPoint[] {
  const entries: EntryPoint[] = []
  for (const obj of returnedObjects(load))
    for (const prop of obj.properties) {
      const name = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined
      const bare = name?.replace(/^[A-Za-z0-9]+_/, '')
      if (!bare || !ENTRY_NAMES.has(bare)) continue
      const fn = entryFunction(prop, functions)
      if (fn) entries.push({ name: bare, fn, pointers: pointerParams(bare, fn) })
    }
  return entries
}

function returnedObjects(load: FunctionLike): ts.ObjectLiteralExpression[] {
  const body = load.body
  if (!body) return []
  if (!ts.isBlock(body)) {
    const e = unwrapParens(body)
    return ts.isObjectLiteralExpression(e) ? [e] : []
  }
  const out: ts.ObjectLiteralExpression[] = []
  walk(body, (n) => {
    if (ts.isReturnStatement(n) && n.expression) {
      const e = unwrapParens(n.expression)
      if (ts.isObjectLiteralExpression(e)) out.push(e)
    }
  }, false)
  return out
}

const unwrapParens = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? unwrapParens(e.expression) : e)

function entryFunction(prop: ts.ObjectLiteralElementLike, functions: ReadonlyMap<string, FunctionLike>): FunctionLike | undefined {
  if (ts.isMethodDeclaration(prop)) return prop
  if (ts.isShorthandPropertyAssignment(prop)) return functions.get(prop.name.text)
  if (ts.isPropertyAssignment(prop)) {
    const init = unwrapParens(prop.initializer)
    if (isFunctionLike(init)) return init
    if (ts.isIdentifier(init)) return functions.get(init.text)
  }
  return undefined
}

function pointerParams(name: string, fn: FunctionLike): EntryPoint['pointers'] {
  const m: EntryPoint['pointers'] = new Map()
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined))
  for (const [i, role, len] of POINTER_PARAMS[name] ?? []) {
    const n = names[i]
    if (n) m.set(n, { role, length: len === undefined ? undefined : names[len] })
  }
  return m
}

/** Function declarations and `const f = (…) => …`, by name (a later one of the same name wins): `n` is recorded in
 *  `m` when it is one (the file model's walk visits every node). */
export function addNamedFunction(m: Map<string, FunctionLike>, n: ts.Node): void {
  if (ts.isFunctionDeclaration(n) && n.name && n.body) m.set(n.name.text, n)
  else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
    const init = unwrapParens(n.initializer)
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) m.set(n.name.text, init)
  }
}
