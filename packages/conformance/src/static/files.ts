// Which files a scan reads: TypeScript sources under the given paths, sorted, without declarations, tests and
// build output.
import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.bench', 'coverage'])
const SOURCE = /\.(ts|tsx|mts|cts)$/
const NOT_DRIVER = /(\.d\.[mc]?ts|\.(test|spec)\.[mc]?tsx?)$/

export function sourceFiles(paths: readonly string[]): string[] {
  const out = new Set<string>()
  for (const p of paths) collect(resolve(p), out, true)
  return [...out].sort()
}

function collect(p: string, out: Set<string>, explicit: boolean): void {
  const st = statSync(p)
  if (st.isDirectory()) {
    for (const name of readdirSync(p)) if (!SKIP_DIRS.has(name)) collect(join(p, name), out, false)
  } else if (explicit || (SOURCE.test(p) && !NOT_DRIVER.test(p))) out.add(p)
}
