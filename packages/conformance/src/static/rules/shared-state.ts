// CEDK-S01: mutable state shared between device instances. load() runs once per process, so its `let`s are shared
// by every device of the DLL in that process; a module-level `let` is shared by the kernel and every udevice too,
// which no CE DLL global ever was.
import { ts } from 'ts-morph'
import { enclosingFunction, isFunctionLike, walk, type FunctionLike } from '../source/ast.js'
import type { FileModel } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

export const sharedState: StaticCheck = {
  ids: ['CEDK-S01'],
  check(file, emit) {
    if (file.drivers.length === 0) return
    for (const scope of [undefined, ...file.drivers.map((d) => d.load)]) {
      for (const decl of mutableDeclarations(file, scope)) {
        const writer = firstWriter(file, decl, scope)
        if (!writer) continue
        const where = scope ? 'in the load function: one copy per process, shared by every device instance of the DLL' : 'at module level: shared by every device instance, and in this simulation by the kernel and every udevice as well'
        emit({ rule: 'CEDK-S01', node: decl, message: `\`${(decl.name as ts.Identifier).text}\` is declared ${where}, and ${writer} assigns it. Keep per-device state in the object Init returns (its device context).` })
      }
    }
  },
}

function mutableDeclarations(file: FileModel, scope: FunctionLike | undefined): ts.VariableDeclaration[] {
  const stmts = scope ? (scope.body && ts.isBlock(scope.body) ? scope.body.statements : []) : file.sf.statements
  const out: ts.VariableDeclaration[] = []
  for (const st of stmts)
    if (ts.isVariableStatement(st) && !(st.declarationList.flags & ts.NodeFlags.Const))
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push(d)
  return out
}

/** The name of the function that assigns the variable with `=` (not a counter's ++/+=), if any. */
function firstWriter(file: FileModel, decl: ts.VariableDeclaration, scope: FunctionLike | undefined): string | undefined {
  const name = (decl.name as ts.Identifier).text
  let writer: string | undefined
  walk(scope?.body ?? file.sf, (n) => {
    if (writer || !ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(n.left) || n.left.text !== name) return
    const fn = enclosingFunction(n)
    if (fn && fn !== scope && isFunctionLike(fn)) writer = functionName(file, fn)
  })
  return writer
}

function functionName(file: FileModel, fn: FunctionLike): string {
  const entry = file.entryOf.get(fn)
  if (entry) return entry.name
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text
  const p = fn.parent
  if ((ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) && ts.isIdentifier(p.name)) return p.name.text
  return 'a function'
}
