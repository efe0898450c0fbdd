// Which function's provenance describes a node: the entry point it is in (closures see their entry point's
// variables), else the outermost function below the driver's load function.
import type { ts } from 'ts-morph'
import { isFunctionLike, type FunctionLike } from './ast.js'
import type { FileModel } from './file-model.js'
import { provenance, type Provenance } from './provenance.js'

const cache = new WeakMap<FunctionLike, Provenance>()

export function analysisRoot(file: FileModel, node: ts.Node): FunctionLike | undefined {
  const loads = new Set<ts.Node>(file.drivers.map((d) => d.load))
  let last: FunctionLike | undefined
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (!isFunctionLike(p)) continue
    if (file.entryOf.has(p)) return p
    if (loads.has(p)) return last
    last = p
  }
  return last
}

export function provenanceAt(file: FileModel, node: ts.Node): Provenance | undefined {
  const fn = analysisRoot(file, node)
  return fn && provenanceOf(file, fn)
}

export function provenanceOf(file: FileModel, fn: FunctionLike): Provenance {
  let p = cache.get(fn)
  if (!p) cache.set(fn, (p = provenance(file, fn, file.entryOf.get(fn))))
  return p
}
