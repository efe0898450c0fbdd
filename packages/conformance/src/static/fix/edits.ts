// Text edits and the helpers the rewrites share: indentation, the kernel import, failure values of entry points.
import { ts } from 'ts-morph'

export interface Edit {
  start: number
  end: number
  text: string
}

export interface FixPlan {
  rule: string
  /** The nodes whose findings this rewrite resolves. */
  targets: ts.Node[]
  edits: Edit[]
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end)
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.end > sorted[i - 1]!.start) throw new Error('overlapping edits in one rewrite')
  let out = text
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

export function indentOf(sf: ts.SourceFile, pos: number): string {
  const lineStart = sf.text.lastIndexOf('\n', pos - 1) + 1
  return /^[ \t]*/.exec(sf.text.slice(lineStart))![0]
}

/** `text` with every line after the first indented two more spaces. */
export const indentMore = (text: string): string => text.replace(/\n(?=[^\n])/g, '\n  ')

/** The whole line(s) of a statement, with their newline, for deletion. */
export function lineRange(sf: ts.SourceFile, node: ts.Node): Edit {
  const start = sf.text.lastIndexOf('\n', node.getStart(sf) - 1) + 1
  const nl = sf.text.indexOf('\n', node.end)
  return { start, end: nl < 0 ? sf.text.length : nl + 1, text: '' }
}

/** Edits adding `names` to the file's import from @cedk/kernel (or a new import). */
export function importEdits(sf: ts.SourceFile, names: readonly string[]): Edit[] {
  const decl = sf.statements.find((s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === '@cedk/kernel' && !s.importClause?.isTypeOnly)
  const bindings = decl?.importClause?.namedBindings
  if (!bindings || !ts.isNamedImports(bindings)) return [{ start: 0, end: 0, text: `import { ${names.join(', ')} } from '@cedk/kernel'\n` }]
  const have = new Set(bindings.elements.map((e) => e.name.text))
  const missing = [...new Set(names)].filter((n) => !have.has(n)).sort()
  const last = bindings.elements.at(-1)
  if (missing.length === 0 || !last) return []
  return [{ start: last.end, end: last.end, text: missing.map((n) => `, ${n}`).join('') }]
}

/** What an entry point returns on failure, as CE6 stream interfaces do. */
export function failureValue(entry: string): string | undefined {
  return entry === 'IOControl' ? 'false' : entry === 'Read' || entry === 'Write' ? '-1' : undefined
}

/** Descriptor for a buffer from how it is accessed: only read, only written, or both. */
export function descriptorFor(reads: boolean, writes: boolean): string {
  return reads && writes ? 'ARG_IO_PTR' : writes ? 'ARG_O_PTR' : 'ARG_I_PTR'
}

/** The receiver of `ctx.X(…)` ("ctx"), needed to write new calls the same way. */
export function receiverOf(call: ts.CallExpression, sf: ts.SourceFile): string | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.expression.getText(sf) : undefined
}
