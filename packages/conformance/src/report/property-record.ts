// A failed property test as the report keeps it (issue 16): the readable failure — the problems and the shrunk
// program with what each mode gave — the replay command, and the whole trace of the shrunk counterexample's final
// run in each mode. The property test puts it in its task meta; the reporter collects it into the report's
// `properties` (plain JSON, in a fixed order).
import type { TraceExport } from '@cedk/kernel'
import type { TestModule } from 'vitest/node'
import type { Mode } from '../mode.js'

export interface PropertyFailureRecord {
  dll: string
  /** The property's id: "no-violation/kernel", "equivalence", … */
  property: string
  /** The spec file (relative to the vitest root). */
  module: string
  /** The failure as the test printed it: problems, the shrunk program with each call's results, seed and path. */
  text: string
  /** The command that replays exactly this counterexample. */
  replay: string
  /** The final run of the shrunk counterexample, per mode (cedk-trace/1, the newest 2000 events at most). */
  traces: { mode: Mode; trace: TraceExport }[]
}

/** What a property test puts in its meta (under `cedkProperty`); the reporter adds the module. */
export type PropertyFailureMeta = Omit<PropertyFailureRecord, 'module'>

export function collectPropertyFailures(modules: readonly TestModule[]): PropertyFailureRecord[] {
  const out: PropertyFailureRecord[] = []
  for (const mod of modules) {
    for (const t of mod.children.allTests()) {
      const meta = (t.meta() as { cedkProperty?: PropertyFailureMeta }).cedkProperty
      if (meta) out.push({ ...meta, module: mod.relativeModuleId })
    }
  }
  return sortPropertyFailures(out)
}

/** The report's order of property failures: by driver, property, spec file (a merge of shards sorts the same way). */
export function sortPropertyFailures(records: PropertyFailureRecord[]): PropertyFailureRecord[] {
  const key = (r: PropertyFailureRecord): string => `${r.dll}\u0000${r.property}\u0000${r.module}`
  return records.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}
