// The texts the rules quote: the seed article and the CE6 fact sheet, vendored in docs/sources so the check runs
// from any clone (CEDK_SOURCES_DIR overrides the place; it must hold the same two files).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RuleSource } from '../../src/index.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
export const sourcesDir = process.env.CEDK_SOURCES_DIR ?? resolve(repoRoot, 'docs', 'sources')
const seedPath = resolve(sourcesDir, 'ce6-drivers.txt')
const factsPath = resolve(sourcesDir, 'ce6-facts.md')

export const sourcesPresent = existsSync(seedPath) && existsSync(factsPath)

/** The project's originals beside the repository, when this checkout has them (to check the vendored copies). */
export const upstream = {
  seed: resolve(repoRoot, '..', 'shared', 'seed', 'ce6-drivers.txt'),
  facts: resolve(repoRoot, '..', 'shared', 'ce6-facts.md'),
}
export const vendoredPaths = { seed: seedPath, facts: factsPath }

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** The text a rule's `source` names: the whole seed article, or one section of the fact sheet. */
export function sourceText(source: RuleSource): string {
  if (source === 'seed') return readFileSync(seedPath, 'utf8')
  const section = source.slice('facts §'.length)
  return factsSection(readFileSync(factsPath, 'utf8'), section)
}

// A section runs from its heading ("## 14. …", "### 10.2 …") to the next heading of the same or a higher level.
function factsSection(facts: string, section: string): string {
  const lines = facts.split('\n')
  const heading = new RegExp(`^(#+)\\s+${section.replaceAll('.', '\\.')}\\.?\\s`)
  const start = lines.findIndex((l) => heading.test(l))
  if (start < 0) throw new Error(`ce6-facts.md has no section §${section}`)
  const level = /^#+/.exec(lines[start]!)![0].length
  const end = lines.findIndex((l, i) => i > start && /^#+\s/.test(l) && /^#+/.exec(l)![0].length <= level)
  return lines.slice(start, end < 0 ? undefined : end).join('\n')
}
