// Which scanned modules reach which (relative imports), and which run in a user process whatever the registry
// says: a DLL some scanned driver names in CeCallUserProc (the companion U01's fix tells people to write), a module
// whose drivers have no stream entry points, and what only such modules import.
import { ts } from 'ts-morph'
import { stringValue } from './constants.js'
import { callsOf, type FileModel } from './file-model.js'

const imports = new WeakMap<FileModel, FileModel[]>()
/** The scanned modules by path without extension, per scan (built once, not once per module). */
const pathIndex = new WeakMap<readonly FileModel[], Map<string, FileModel>>()

/** The model itself and every scanned module it imports, transitively. */
export function reachedModules(model: FileModel, all: readonly FileModel[]): FileModel[] {
  const seen = new Set<FileModel>([model])
  const todo = [model]
  while (todo.length > 0) for (const m of importedBy(todo.pop()!, all)) if (!seen.has(m)) (seen.add(m), todo.push(m))
  return [...seen]
}

export function userModeModules(all: readonly FileModel[]): Set<FileModel> {
  const helperDlls = new Set<string>()
  for (const m of all)
    for (const c of callsOf(m, 'CeCallUserProc')) {
      const dll = c.node.arguments[0] && stringValue(m, c.node.arguments[0])
      if (dll) helperDlls.add(dll.toLowerCase())
    }
  const kernelSide = all.filter((m) => m.drivers.some((d) => d.entries.length > 0 && !(d.dll && helperDlls.has(d.dll.toLowerCase()))))
  const reachedFromDrivers = new Set(kernelSide.flatMap((m) => reachedModules(m, all)))
  return new Set(all.filter((m) => !reachedFromDrivers.has(m)))
}

function importedBy(model: FileModel, all: readonly FileModel[]): FileModel[] {
  let out = imports.get(model)
  if (out) return out
  let byPath = pathIndex.get(all)
  if (!byPath) pathIndex.set(all, (byPath = new Map(all.map((m) => [stripExt(m.path), m]))))
  out = []
  for (const st of model.sf.statements) {
    const spec = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined
    if (!spec?.startsWith('.')) continue
    const target = byPath.get(stripExt(joinPath(model.path, spec)))
    if (target) out.push(target)
  }
  imports.set(model, out)
  return out
}

export const stripExt = (p: string): string => p.replace(/\.[cm]?[jt]sx?$/, '')

/** `spec` relative to the module at `from` (forward slashes, as ts-morph gives paths). */
export function joinPath(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1)
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.') parts.push(seg)
  }
  return parts.join('/')
}
