// Where a pointer value comes from, asked at one expression: the value the scan's data flow (source/flow.ts) gives
// it in its unit, as the single origin the rules and rewrites name (an embedded pointer first).
import type { ts } from 'ts-morph'
import type { FunctionLike } from './ast.js'
import type { FileModel } from './file-model.js'
import { Flow, unitOf } from './flow.js'

export type Origin = 'param-in' | 'param-out' | 'embedded' | 'marshalled' | 'async' | 'duplicate'

export interface Provenance {
  originOf(e: ts.Expression): Origin | undefined
}

const ORIGINS: [string, Origin][] = [
  ['emb', 'embedded'],
  ['in', 'param-in'],
  ['out', 'param-out'],
  ['mar', 'marshalled'],
  ['mar-in', 'marshalled'],
  ['async', 'async'],
  ['dup', 'duplicate'],
]

/** The file's flow: the scan's, or (a file re-parsed by --fix) one of its own. */
export function flowOf(file: FileModel): Flow {
  return (file.flow ??= new Flow([file]))
}

export function analysisRoot(file: FileModel, node: ts.Node): FunctionLike | undefined {
  return unitOf(file, node)
}

export function provenanceAt(file: FileModel, node: ts.Node): Provenance | undefined {
  const fn = analysisRoot(file, node)
  return fn && provenanceOf(file, fn)
}

export function provenanceOf(file: FileModel, fn: FunctionLike): Provenance {
  const unit = flowOf(file).unit(fn)
  return {
    originOf(e) {
      const v = unit?.val(e)
      return v && ORIGINS.find(([a]) => v.has(a))?.[1]
    },
  }
}
