// Compile-time values: a string or numeric expression made of literals and same-file `const`s, or (with the type
// checker) any constant whose type is a string or number literal — an imported key path or register base, say.
import { ts } from 'ts-morph'
import { bindingNames, unwrap, walk } from './ast.js'
import type { FileModel } from './file-model.js'

const consts = new WeakMap<ts.SourceFile, Map<string, ts.Expression>>()

export function stringValue(file: FileModel, e: ts.Expression): string | undefined {
  e = unwrap(e)
  if (ts.isStringLiteralLike(e)) return e.text
  if (ts.isIdentifier(e)) {
    const init = constInitializer(file.sf, e.text)
    if (init && ts.isStringLiteralLike(unwrap(init))) return (unwrap(init) as ts.StringLiteralLike).text
  }
  if (!file.checker) return undefined
  const t = file.checker.getTypeAtLocation(e)
  return t.isStringLiteral() ? t.value : undefined
}

/** The number an expression of numeric literals, same-file consts, arithmetic and bit operators comes to. */
export function numericValue(file: FileModel, e: ts.Expression, depth = 0): number | undefined {
  e = unwrap(e)
  let v: number | undefined
  if (ts.isNumericLiteral(e)) v = Number(e.text)
  else if (ts.isPrefixUnaryExpression(e)) v = unary(e.operator, numericValue(file, e.operand, depth))
  else if (ts.isBinaryExpression(e)) v = binary(e.operatorToken.kind, numericValue(file, e.left, depth), numericValue(file, e.right, depth))
  else if (ts.isIdentifier(e) && depth < 16) {
    const init = constInitializer(file.sf, e.text)
    if (init) v = numericValue(file, init, depth + 1)
  }
  if (v === undefined && file.checker && (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e))) {
    const t = file.checker.getTypeAtLocation(e)
    if (t.isNumberLiteral()) v = t.value
  }
  return v !== undefined && Number.isFinite(v) ? v : undefined
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
