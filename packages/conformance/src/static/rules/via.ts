// How a finding inside a helper names the call that brought the caller's pointer there.
import { lineOf } from '../source/ast.js'
import type { FileModel } from '../source/file-model.js'
import type { ts } from 'ts-morph'

export function viaText(file: FileModel, via: readonly ts.CallExpression[]): string {
  const first = via[0]
  if (!first) return ''
  const sf = first.getSourceFile()
  const where = sf === file.sf ? `line ${lineOf(sf, first.getStart(sf))}` : `${sf.fileName.split('/').at(-1)}:${lineOf(sf, first.getStart(sf))}`
  const callee = first.expression.getText(sf)
  const more = via.length > 1 ? `, through ${via.length - 1} more call${via.length > 2 ? 's' : ''}` : ''
  return ` (passed in by \`${callee}(…)\` at ${where}${more})`
}
