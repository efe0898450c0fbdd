// The value of a string expression: a literal, a same-file `const`, or (with the type checker) any constant whose
// type is a string literal — an imported key path, say.
import { ts } from 'ts-morph'
import { unwrap, walk } from './ast.js'
import type { FileModel } from './file-model.js'

const consts = new WeakMap<ts.SourceFile, Map<string, string>>()

export function stringValue(file: FileModel, e: ts.Expression): string | undefined {
  e = unwrap(e)
  if (ts.isStringLiteralLike(e)) return e.text
  if (ts.isIdentifier(e)) {
    const local = fileConsts(file.sf).get(e.text)
    if (local !== undefined) return local
  }
  if (!file.checker) return undefined
  const t = file.checker.getTypeAtLocation(e)
  return t.isStringLiteral() ? t.value : undefined
}

function fileConsts(sf: ts.SourceFile): Map<string, string> {
  let m = consts.get(sf)
  if (m) return m
  m = new Map()
  const found = m
  walk(sf, (n) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isStringLiteralLike(unwrap(n.initializer)) && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const)
      found.set(n.name.text, (unwrap(n.initializer) as ts.StringLiteralLike).text)
  })
  consts.set(sf, m)
  return m
}

/** The last name of an identifier or property access (`IOCTL_X`, `io.IOCTL_X` → IOCTL_X). */
export function constName(e: ts.Expression): string | undefined {
  e = unwrap(e)
  if (ts.isIdentifier(e)) return e.text
  if (ts.isPropertyAccessExpression(e)) return e.name.text
  return undefined
}
