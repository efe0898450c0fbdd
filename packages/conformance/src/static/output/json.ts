// JSON output: a versioned document with findings, readiness and (with --fix) the patches' diffs.
import type { AnalysisResult } from '../analyze.js'
import type { ScanMode } from '../types.js'

export const STATIC_JSON_VERSION = 1

export function formatJson(result: AnalysisResult, options: { mode?: ScanMode } = {}): string {
  const doc = {
    version: STATIC_JSON_VERSION,
    tool: 'cedk-scan',
    typeChecker: result.typeChecker,
    files: result.files,
    findings: result.findings,
    readiness: result.readiness,
    ...(options.mode === 'patch' ? { patches: result.patches.map((p) => ({ file: p.file, diff: p.diff })) } : {}),
  }
  return JSON.stringify(doc, null, 2) + '\n'
}
