// CE6-R03 / CE6-R04: handles and memory that can never be released. A created value that is dropped (used only in a
// test, or as a statement) leaks; one bound to a name leaks when no function that releases that kind of resource
// mentions the name (release code often loops over a list of fields, so the name need not be the argument).
import { ts } from 'ts-morph'
import { walk } from '../source/ast.js'
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

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
      }
    }
  },
}

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

