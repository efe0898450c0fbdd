// The analyzer's vocabulary: findings, tiers, options. Kept free of @cedk/kernel so the analyzer loads without a
// machine (the cold-start benchmark spawns it in a fresh process).
import type { ts } from 'ts-morph'

/** must-fix: breaks on CE6 whatever the mode; blocks-user-mode: keeps the driver out of udevice; recommended. */
export type Tier = 'must-fix' | 'blocks-user-mode' | 'recommended'
export const TIERS: readonly Tier[] = ['must-fix', 'blocks-user-mode', 'recommended']

/** report: findings; context: findings with their code; patch: the diff `--fix` would apply. */
export type ScanMode = 'report' | 'context' | 'patch'

export interface Finding {
  /** A rule-table id (CE6-M07 …) where the rule is the table's, else a static-only id (CEDK-S01 …). */
  rule: string
  name: string
  tier: Tier
  /** Path relative to the scan root, with forward slashes. */
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
  message: string
  fix: string
  /** Stable across line moves: rule, file, the trimmed source line and its occurrence number. */
  fingerprint: string
  /** Set when --fix can rewrite this finding safely. */
  fixable?: boolean
}

export interface AnalyzeOptions {
  /** Paths are reported relative to this (default: the common parent of `paths`, else the cwd). */
  root?: string
  /** .reg text (or texts) describing where the drivers load; read from `registryFiles` too. */
  registry?: string | readonly string[]
  registryFiles?: readonly string[]
  /** Enable rules that need the TypeScript type checker (slower: the program is bound and checked). */
  typeChecker?: boolean
  /** Compute the safe rewrites (the `patch` mode and `--fix`). */
  fix?: boolean
}

/** One place a rule looks at, before it becomes a Finding with its metadata and fingerprint. */
export interface RawFinding {
  rule: string
  node: ts.Node
  message: string
  /** Overrides the rule's tier (U01 vs U02 depend on the registry). */
  tier?: Tier
  fixable?: boolean
}
