import type { FileModel } from '../source/file-model.js'
import type { RawFinding } from '../types.js'

export type Emit = (f: RawFinding) => void

/** One static check: it may report under several ids (UI: U01 or U02 depending on the registry). */
export interface StaticCheck {
  ids: readonly string[]
  /** Needs the type checker: run only with `typeChecker: true`. */
  needsTypeChecker?: boolean
  check(file: FileModel, emit: Emit): void
}
