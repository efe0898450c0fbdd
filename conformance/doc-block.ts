// The generated tables in docs/ stand between two marker comments; the scripts that regenerate them (the clean corpus,
// the static/runtime agreement) replace that block and nothing else.

/** `doc` with the block from `begin` to `end` (markers included) replaced by `block`; an error naming `file` without them. */
export function replaceMarkedBlock(doc: string, file: string, begin: string, end: string, block: string): string {
  const [b, e] = [doc.indexOf(begin), doc.indexOf(end)]
  if (b < 0 || e < b) throw new Error(`${file}: no table markers (${begin} … ${end}) to replace`)
  return doc.slice(0, b) + block + doc.slice(e + end.length)
}
