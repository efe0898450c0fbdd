// planFixes: which findings --fix can rewrite, and the rewritten file. Rewrites are applied one at a time, the file
// re-parsed in between, so two rewrites of one function never fight over the same text.
import { writeFileSync } from 'node:fs'
import { ts } from 'ts-morph'
import { buildFileModel, type FileModel } from '../source/file-model.js'
import type { DriverKey } from '../registry-mode.js'
import { ce5MappingFixes } from './ce5-mapping.js'
import { ce5PermissionFixes } from './ce5-permission.js'
import { unifiedDiff } from './diff.js'
import { applyEdits, type FixPlan } from './edits.js'

export interface FilePatch {
  /** Relative to the scan root. */
  file: string
  path: string
  before: string
  after: string
  diff: string
}

const FIXERS: ((file: FileModel) => FixPlan[])[] = [ce5MappingFixes, ce5PermissionFixes]
const MAX_REWRITES = 100

export function planFixes(file: FileModel, keys: readonly DriverKey[] = []): { fixedNodes: Set<ts.Node>; patch?: FilePatch } {
  const first = FIXERS.flatMap((f) => f(file))
  const fixedNodes = new Set(first.flatMap((p) => p.targets))
  if (first.length === 0) return { fixedNodes }
  let text = file.sf.text
  let model = file
  for (let n = 0; n < MAX_REWRITES; n++) {
    const plan = FIXERS.flatMap((f) => f(model))[0]
    if (!plan) break
    text = applyEdits(text, plan.edits)
    model = buildFileModel(file.path, file.rel, ts.createSourceFile(file.path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS), keys)
  }
  const patch = { file: file.rel, path: file.path, before: file.sf.text, after: text, diff: unifiedDiff(file.rel, file.sf.text, text) }
  return { fixedNodes, patch }
}

/** Write every patch to disk (what `--fix` does after printing the diff). */
export function applyPatches(patches: readonly FilePatch[]): void {
  for (const p of patches) writeFileSync(p.path, p.after)
}
