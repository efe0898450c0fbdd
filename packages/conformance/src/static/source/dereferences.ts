// Every ctx.mem access of a file with what may reach its pointer, over every unit of the scan that gets there
// (a helper's access seen from each of its callers): the material of CE6-M01, M03 and A01.
import type { ts } from 'ts-morph'
import { flowOf } from './analysis-root.js'
import type { FileModel } from './file-model.js'
import type { Atom, Deref } from './flow.js'

export interface Access {
  /** CeAllocAsynchronousBuffer rather than a ctx.mem access. */
  asyncOf: boolean
  node: ts.CallExpression
  arg: ts.Expression
  write: boolean
  /** Each atom that reaches the pointer, with the call chain that brought it and whether a thread runs it. */
  reaches: Map<Atom, { via: ts.CallExpression[]; async: boolean }>
}

const cache = new WeakMap<FileModel, Access[]>()

export function accessesIn(file: FileModel): Access[] {
  return allIn(file).filter((a) => !a.asyncOf)
}

export function asyncAllocsIn(file: FileModel): Access[] {
  return allIn(file).filter((a) => a.asyncOf)
}

function allIn(file: FileModel): Access[] {
  let out = cache.get(file)
  if (out) return out
  const byKey = new Map<string, Access>()
  for (const flow of file.flows ?? [flowOf(file)])
    for (const unit of flow.units())
      for (const d of unit.derefs) if (d.node.getSourceFile() === file.sf) merge(byKey, d)
  out = [...byKey.values()]
  cache.set(file, out)
  return out
}

function merge(byKey: Map<string, Access>, d: Deref): void {
  const key = `${d.node.pos}:${d.arg.pos}`
  let a = byKey.get(key)
  if (!a) byKey.set(key, (a = { asyncOf: !!d.asyncOf, node: d.node, arg: d.arg, write: d.write, reaches: new Map() }))
  for (const atom of d.atoms) {
    const prev = a.reaches.get(atom)
    // Keep the thread context when any path has it, and the shortest chain of calls to show.
    if (!prev) a.reaches.set(atom, { via: d.via, async: d.async })
    else a.reaches.set(atom, { via: d.via.length < prev.via.length ? d.via : prev.via, async: prev.async || d.async })
  }
}
