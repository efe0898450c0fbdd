// Compile-time values: a string or numeric expression made of literals, same-file `const`s and the `export const`s of
// relatively imported modules (source/imported-constants.ts), or (with the type checker) any constant whose type is a
// string or number literal — one a package exports, say.
import { ts } from 'ts-morph'
import { bindingNames, unwrap, walk } from './ast.js'
import type { FileModel } from './file-model.js'
import { importedBinding, isExportedConst, type ConstScope } from './imported-constants.js'

const consts = new WeakMap<ts.SourceFile, Map<string, ts.Expression>>()

export function stringValue(file: FileModel, e: ts.Expression): string | undefined {
  const init = resolved(scopeOf(file), unwrap(e), 0)
  if (init && ts.isStringLiteralLike(init.e)) return init.e.text
  if (!file.checker) return undefined
  const t = file.checker.getTypeAtLocation(e)
  return t.isStringLiteral() ? t.value : undefined
}

/** The number an expression of numeric literals, consts (same-file or imported), arithmetic and bit operators comes to. */
export function numericValue(file: FileModel, e: ts.Expression): number | undefined {
  const scope = scopeOf(file)
  let v = evaluate(scope, e, 0)
  e = unwrap(e)
  if (v === undefined && file.checker && (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e))) {
    const t = file.checker.getTypeAtLocation(e)
    if (t.isNumberLiteral()) v = t.value
  }
  return v !== undefined && Number.isFinite(v) ? v : undefined
}

function evaluate(scope: ConstScope, e: ts.Expression, depth: number): number | undefined {
  e = unwrap(e)
  if (ts.isNumericLiteral(e)) return Number(e.text)
  if (ts.isPrefixUnaryExpression(e)) return unary(e.operator, evaluate(scope, e.operand, depth))
  if (ts.isBinaryExpression(e)) return binary(e.operatorToken.kind, evaluate(scope, e.left, depth), evaluate(scope, e.right, depth))
  const init = ts.isIdentifier(e) ? resolved(scope, e, depth) : undefined
  return init && evaluate(init.scope, init.e, depth + 1)
}

/**
 * What an identifier is bound to by a `const`: in its own file, or — through a relative import — an `export const`
 * of the imported module, followed from module to module. Depth-bounded against cycles of imports.
 */
function resolved(scope: ConstScope, e: ts.Expression, depth: number): { scope: ConstScope; e: ts.Expression } | undefined {
  if (!ts.isIdentifier(e)) return { scope, e }
  if (depth >= 16) return undefined
  const local = constInitializer(scope.sf, e.text)
  if (local) return resolved(scope, unwrap(local), depth + 1)
  const imported = importedBinding(scope, e.text)
  if (!imported || !isExportedConst(imported.scope.sf, imported.name)) return undefined
  const init = constInitializer(imported.scope.sf, imported.name)
  return init && resolved(imported.scope, unwrap(init), depth + 1)
}

function scopeOf(file: FileModel): ConstScope {
  return { sf: file.sf, path: file.path, modules: (file.moduleFiles ??= new Map()) }
}

function unary(op: ts.PrefixUnaryOperator, v: number | undefined): number | undefined {
  if (v === undefined) return undefined
  return op === ts.SyntaxKind.MinusToken ? -v : op === ts.SyntaxKind.PlusToken ? v : op === ts.SyntaxKind.TildeToken ? ~v : undefined
}

const BINARY: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
  [ts.SyntaxKind.PlusToken]: (a, b) => a + b,
  [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
  [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
  [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
  [ts.SyntaxKind.PercentToken]: (a, b) => a % b,
  [ts.SyntaxKind.AsteriskAsteriskToken]: (a, b) => a ** b,
  [ts.SyntaxKind.BarToken]: (a, b) => a | b,
  [ts.SyntaxKind.AmpersandToken]: (a, b) => a & b,
  [ts.SyntaxKind.CaretToken]: (a, b) => a ^ b,
  [ts.SyntaxKind.LessThanLessThanToken]: (a, b) => a << b,
  [ts.SyntaxKind.GreaterThanGreaterThanToken]: (a, b) => a >> b,
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]: (a, b) => a >>> b,
}

function binary(op: ts.SyntaxKind, a: number | undefined, b: number | undefined): number | undefined {
  const f = BINARY[op]
  return f && a !== undefined && b !== undefined ? f(a, b) : undefined
}

/**
 * The initializer of `const name = …` in this file. Scopes are not resolved, so a name bound more than once in the
 * file (a parameter or another local elsewhere) has none: reading the wrong one would report a value it never has.
 */
export function constInitializer(sf: ts.SourceFile, name: string): ts.Expression | undefined {
  let m = consts.get(sf)
  if (!m) consts.set(sf, (m = fileConsts(sf)))
  return m.get(name)
}

function fileConsts(sf: ts.SourceFile): Map<string, ts.Expression> {
  const inits = new Map<string, ts.Expression>()
  const bound = new Map<string, number>()
  const bind = (b: ts.BindingName): void => {
    for (const n of bindingNames(b, new Set())) bound.set(n, (bound.get(n) ?? 0) + 1)
  }
  walk(sf, (n) => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isImportSpecifier(n) || ts.isNamespaceImport(n) || ts.isImportClause(n)) {
      if (n.name) bind(n.name)
    } else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) bind(n.name)
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const)
      inits.set(n.name.text, n.initializer)
  })
  for (const name of [...inits.keys()]) if (bound.get(name) !== 1) inits.delete(name)
  return inits
}

/** The last name of an identifier or property access (`IOCTL_X`, `io.IOCTL_X` → IOCTL_X). */
export function constName(e: ts.Expression): string | undefined {
  e = unwrap(e)
  if (ts.isIdentifier(e)) return e.text
  if (ts.isPropertyAccessExpression(e)) return e.name.text
  return undefined
}

/**
 * The expression a `const` name finally stands for — followed through same-file consts and relative imports — with
 * its text in the file that declares it; undefined for anything but a name so bound.
 */
export function constDefinition(file: FileModel, e: ts.Expression): { e: ts.Expression; text: string } | undefined {
  e = unwrap(e)
  if (!ts.isIdentifier(e)) return undefined
  const def = resolved(scopeOf(file), e, 0)
  return def && { e: def.e, text: def.e.getText(def.scope.sf) }
}
