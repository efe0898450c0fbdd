// A constant a module imports from another module by a relative path: the register base of a board header, the
// driver key of a shared harness. The imported module is read even when it lies outside the scanned folder (parsed
// once per scan, never type-checked), so the physical-window and registry rules see the value without --type-check.
import { existsSync, readFileSync } from 'node:fs'
import { ts } from 'ts-morph'
import { joinPath, stripExt } from './modules.js'

/** Parsed modules of one scan by path without extension; null for one that could not be found or read. */
export type ModuleFiles = Map<string, ts.SourceFile | null>

/** Where a constant's name is looked up: the file and the scan's module cache. */
export interface ConstScope {
  sf: ts.SourceFile
  path: string
  modules: ModuleFiles
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '/index.ts']

/**
 * The module and exported name `name` is imported as in `scope` (`import { A as name } from './x.js'`), when the
 * specifier is relative. Package imports (@cedk/kernel) are left to the type checker.
 */
export function importedBinding(scope: ConstScope, name: string): { scope: ConstScope; name: string } | undefined {
  for (const st of scope.sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.moduleSpecifier.text.startsWith('.')) continue
    const bindings = st.importClause?.namedBindings
    if (!bindings || !ts.isNamedImports(bindings) || st.importClause!.isTypeOnly) continue
    const spec = bindings.elements.find((el) => el.name.text === name && !el.isTypeOnly)
    if (!spec) continue
    const target = stripExt(joinPath(scope.path, st.moduleSpecifier.text))
    const sf = moduleFile(scope.modules, target)
    return sf ? { scope: { sf, path: sf.fileName, modules: scope.modules }, name: (spec.propertyName ?? spec.name).text } : undefined
  }
  return undefined
}

/** True when `export const name = …` (not a bare `const`) binds the name in the module. */
export function isExportedConst(sf: ts.SourceFile, name: string): boolean {
  return sf.statements.some(
    (st) =>
      ts.isVariableStatement(st) &&
      st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true &&
      st.declarationList.flags & ts.NodeFlags.Const &&
      st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name),
  )
}

function moduleFile(modules: ModuleFiles, target: string): ts.SourceFile | null {
  const known = modules.get(target)
  if (known !== undefined) return known
  const file = EXTENSIONS.map((ext) => target + ext).find((p) => existsSync(p))
  let sf: ts.SourceFile | null = null
  try {
    if (file) sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  } catch {
    sf = null // unreadable: the constant stays unknown, as it was before
  }
  modules.set(target, sf)
  return sf
}
