// The clean corpus's spec files by the convention (conformance/clean/<name>/<name>.clean.test.ts), relative to the
// root: what a run must have run for its table to be judged.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export function cleanSpecs(root: string): string[] {
  const dir = join(root, 'conformance/clean')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `conformance/clean/${d.name}/${d.name}.clean.test.ts`)
    .filter((f) => existsSync(join(root, f)))
    .sort()
}
