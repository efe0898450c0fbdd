// From a rule's raw finding to a located, fingerprinted Finding; findings sorted for deterministic output.
import { createHash } from 'node:crypto'
import type { FileModel } from './source/file-model.js'
import { staticRule } from './static-rules.js'
import type { Finding, RawFinding } from './types.js'

export function locate(file: FileModel, raw: RawFinding): Finding {
  const meta = staticRule(raw.rule)
  const start = file.sf.getLineAndCharacterOfPosition(raw.node.getStart(file.sf))
  const end = file.sf.getLineAndCharacterOfPosition(raw.node.end)
  return {
    rule: meta.id,
    name: meta.name,
    tier: raw.tier ?? meta.tier,
    file: file.rel,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    message: raw.message,
    fix: meta.fix,
    fingerprint: '',
    ...(raw.fixable ? { fixable: true } : {}),
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
}

/**
 * A fingerprint from the rule, the file and the trimmed text of the line — not the line number, so an edit above
 * a finding keeps its identity — plus the occurrence number among identical lines.
 */
export function fingerprint(findings: Finding[], lineText: (f: Finding) => string): void {
  const seen = new Map<string, number>()
  for (const f of findings) {
    const key = `${f.rule}\0${f.file}\0${lineText(f).trim().replace(/\s+/g, ' ')}`
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    f.fingerprint = `${createHash('sha256').update(key).digest('hex').slice(0, 16)}:${n}`
  }
}
