// C file:line for a C driver's stack frames (docs/c-drivers.md, "Where a C frame points"). clang -g writes DWARF; the
// binaryen package has no DWARF support (it would copy the line table unchanged while instrument-memory moves
// every access), but it keeps a source location on each expression through its passes when the module comes with
// a source map. So the build:
//   1. turns clang's .debug_line into a source map (sourceMapOfDwarf),
//   2. has binaryen's own wasm-opt read the module with it and print the text format, where each expression
//      carries its location as a `;;@ file:line:col` annotation (annotatedText) — the binaryen.js API reads
//      binaries without source maps, but parses those annotations,
//   3. after the passes, reads the source map binaryen writes for the final module, and replaces it by the
//      compact `cedk.lines` section the loader reads (withLineTable), dropping every other custom section but the
//      name section, which gets a module name unique to these bytes: V8 names a wasm frame's module by it
//      (`wasm://wasm/<name>-<hash>`), so the loader can tell which table a frame's offset belongs to.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parseDebugLine, type LineRow } from './dwarf-line.js'
import { decodeMappings, encodeSourceMap, type MapSegment, type SourceMapV3 } from './source-map.js'
import { CODE_SECTION, customSection, encodeUleb, uleb, wasmSections, type WasmSection } from './wasm-sections.js'

/** The section the loader reads (packages/kernel/src/cdriver/c-lines.ts decodes it). */
export const LINES_SECTION = 'cedk.lines'
const LINES_VERSION = 1
/** The source name the build gives code clang marks as line 0 (no source line: hoisted or merged by the optimizer),
 *  so that binaryen carries "no line" through its passes like a location, and the table says no source there. */
const NO_LINE = '<cedk-no-line>' // no colon: binaryen's text parser drops an annotation whose file has one
/** The URL binaryen's emitBinary is given so that it writes a source map; its section is dropped after. */
export const LINES_SOURCE_MAP = 'cedk.lines.map'

/** clang's flags for the line table: DWARF, with paths relative to the repository (the bytes do not depend on
 *  where the checkout is). */
export function debugFlags(root: string): string[] {
  return ['-g', `-fdebug-prefix-map=${root}=.`]
}

/** The linked module as binaryen text with its C lines (annotatedText), ready for binaryen.parseText. */
export function readLinked(wasm: Uint8Array, dll: string, tmp: string): string {
  return annotatedText(wasm, sourceMapOfDwarf(wasm, dll), tmp)
}

/**
 * A source map of the DWARF line table of `wasm` (clang's output), offsets in module bytes; null when the module
 * has no .debug_line (built without -g). Rows of discarded functions (lld writes a tombstone address) are left out;
 * rows without a source line (line 0) map to NO_LINE.
 */
export function sourceMapOfDwarf(wasm: Uint8Array, what: string): SourceMapV3 | null {
  const sections = wasmSections(wasm, what)
  const payload = (name: string) => {
    const s = sections.find((x) => x.id === 0 && x.name === name)
    return s && wasm.subarray(s.payload, s.end)
  }
  const line = payload('.debug_line')
  const code = sections.find((s) => s.id === CODE_SECTION)
  if (line === undefined || code === undefined) return null
  const str = payload('.debug_str')
  const lineStr = payload('.debug_line_str')
  const rows = parseDebugLine({ line, ...(str && { str }), ...(lineStr && { lineStr }) })
  // DWARF addresses in wasm are offsets into the code section's payload (after its size).
  const codeSize = code.end - code.payload
  return toSourceMap(rows.filter((r) => r.address <= codeSize).map((r) => ({ ...r, address: code.payload + r.address })))
}

function toSourceMap(rows: readonly LineRow[]): SourceMapV3 {
  const sources: string[] = []
  const index = (file: string) => {
    const i = sources.indexOf(file)
    return i >= 0 ? i : sources.push(file) - 1
  }
  // binaryen's reader gives each instruction the last segment at or before it, as a row holds to the next one; so
  // every instruction clang wrote gets its row (NO_LINE for line 0), and what binaryen leaves without a location
  // is the code its passes add. At one offset the last row wins (DWARF lists a function's end and the next one's
  // start at one address); sequence ends are left out, the next function's first row follows them.
  const byOffset = new Map<number, MapSegment>()
  for (const r of rows) {
    if (r.endSequence) continue
    const lined = r.line > 0 && r.file !== ''
    const source = lined ? { index: index(normalize(r.file)), line: r.line, column: r.column } : { index: index(NO_LINE), line: 1, column: 1 }
    byOffset.set(r.address, { offset: r.address, source })
  }
  return encodeSourceMap(sources, [...byOffset.values()].sort((a, b) => a.offset - b.offset))
}

/** A repository-relative path as clang wrote it (`-fdebug-prefix-map=<root>=.` leaves `./x` for files under root). */
function normalize(file: string): string {
  return file.replace(/^(\.\/)+/, '')
}

/** binaryen's wasm-opt (the npm package's own build, the same version the build uses as a library). */
function wasmOpt(): string {
  return join(dirname(createRequire(import.meta.url).resolve('binaryen')), 'bin', 'wasm-opt')
}

/**
 * The text format of `wasm` with each expression's source location as binaryen read it from `map`: the input
 * binaryen.parseText turns back into a module whose expressions carry their C lines.
 */
export function annotatedText(wasm: Uint8Array, map: SourceMapV3 | null, tmp: string): string {
  const [inWasm, inMap, outWat] = ['annotate.wasm', 'annotate.wasm.map', 'annotate.wat'].map((f) => join(tmp, f)) as [string, string, string]
  writeFileSync(inWasm, wasm)
  if (map !== null) writeFileSync(inMap, JSON.stringify(map))
  const mapArgs = map === null ? [] : ['--input-source-map', inMap]
  try {
    execFileSync(process.execPath, [wasmOpt(), inWasm, ...mapArgs, '--debuginfo', '--all-features', '--emit-text', '-o', outWat], { stdio: 'pipe' })
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string }
    throw new Error(`wasm-opt could not read the module with its line table: ${err.stderr?.toString() || err.message}`)
  }
  return readFileSync(outWat, 'utf8')
}

/**
 * The final module: `binary` (binaryen's output) without its custom sections but the name section, which gets a
 * module name made of `dll` and a hash of these bytes, and with `cedk.lines` built from `sourceMap` appended.
 */
export function withLineTable(binary: Uint8Array, sourceMap: string | null, dll: string): Uint8Array {
  const sections = wasmSections(binary, dll)
  const code = sections.find((s) => s.id === CODE_SECTION)
  const map = sourceMap === null ? null : (JSON.parse(sourceMap) as SourceMapV3)
  const kept = sections.filter((s) => s.id !== 0 || s.name === 'name')
  // Custom sections before the code would move it when dropped; binaryen writes them all after.
  if (sections.some((s) => s.id === 0 && s.name !== 'name' && code !== undefined && s.start < code.start)) throw new Error(`${dll}: a custom section precedes the code section`)
  const body = kept.filter((s) => !(s.id === 0 && s.name === 'name')).map((s) => binary.subarray(s.start, s.end))
  const lines = map === null || code === undefined ? null : encodeLines(map, functionStarts(binary, code, dll), dll)
  const unnamed = concat([binary.subarray(0, 8), ...body, ...(lines ? [customSection(LINES_SECTION, lines)] : [])])
  const names = sections.find((s) => s.id === 0 && s.name === 'name')
  const moduleName = `${dll}@${createHash('sha256').update(unnamed).digest('hex').slice(0, 8)}`
  const nameSection = names ? withModuleName(binary.subarray(names.payload, names.end), moduleName, dll) : null
  // The name section goes back where binaryen put it, before cedk.lines: code offsets do not depend on either.
  return concat([binary.subarray(0, 8), ...body, ...(nameSection ? [nameSection] : []), ...(lines ? [customSection(LINES_SECTION, lines)] : [])])
}

/** The name section with a module-name subsection (id 0, which must come first) in place of any it had. */
function withModuleName(payload: Uint8Array, moduleName: string, dll: string): Uint8Array {
  const subs: Uint8Array[] = []
  let pos = 0
  while (pos < payload.length) {
    const id = payload[pos]!
    const [size, at] = uleb(payload, pos + 1, `${dll} name section`)
    if (id !== 0) subs.push(payload.subarray(pos, at + size))
    pos = at + size
  }
  const name = new TextEncoder().encode(moduleName)
  const sub0 = [...encodeUleb(name.length), ...name]
  return customSection('name', concat([new Uint8Array([0, ...encodeUleb(sub0.length), ...sub0]), ...subs]))
}

/** Where each function body of the code section starts (its size field), in module offsets. */
function functionStarts(binary: Uint8Array, code: WasmSection, dll: string): number[] {
  const starts: number[] = []
  let [count, pos] = uleb(binary, code.payload, `${dll} code section`)
  for (; count > 0; count--) {
    starts.push(pos)
    const [size, body] = uleb(binary, pos, `${dll} code section`)
    pos = body + size
  }
  return starts
}

/**
 * cedk.lines, version 1: u8 version; uleb file count, each a uleb length and UTF-8 path; uleb row count, each a
 * uleb offset delta (module offsets, ascending), uleb file (index + 1, or 0: no source from here), and for a file
 * row a uleb line and uleb column. A frame's offset takes the last row at or before it.
 */
function encodeLines(map: SourceMapV3, starts: readonly number[], dll: string): Uint8Array {
  // NO_LINE is not a file: its segments become index -1, which attributeUnmapped turns into no-source rows.
  const files = map.sources.filter((f) => f !== NO_LINE)
  const segments = decodeMappings(map.mappings, `${dll} source map`).map((s) => {
    if (!s.source) return s
    const file = map.sources[s.source.index]
    if (file === undefined) throw new RangeError(`${dll} source map: segment at ${s.offset} names source ${s.source.index} of ${map.sources.length}`)
    return { offset: s.offset, source: { ...s.source, index: file === NO_LINE ? -1 : files.indexOf(file) } }
  })
  const sorted = withoutRepeats(attributeUnmapped(segments, starts))
  const out: number[] = [LINES_VERSION, ...encodeUleb(files.length)]
  for (const f of files) {
    const b = new TextEncoder().encode(f)
    out.push(...encodeUleb(b.length), ...b)
  }
  out.push(...encodeUleb(sorted.length))
  let prev = 0
  for (const r of sorted) {
    out.push(...encodeUleb(r.offset - prev), ...encodeUleb(r.source ? r.source.index + 1 : 0))
    if (r.source) out.push(...encodeUleb(r.source.line), ...encodeUleb(r.source.column))
    prev = r.offset
  }
  return new Uint8Array(out)
}

/**
 * The rows of the table: binaryen's mapped segments (a NO_LINE one, index -1, as no source), and for its unmapped
 * ones (code a pass added: a memory hook's call) the next mapped segment of the same function. instrument-memory
 * puts `load_ptr` right before its load and `store_val_*` right before its store, and those are the hooks a fault
 * is raised in: the next location is the access's own. Each function body starts with a no-source row, so no
 * offset takes a line of another function.
 */
function attributeUnmapped(segments: readonly MapSegment[], starts: readonly number[]): MapSegment[] {
  const rows = new Map<number, MapSegment>()
  for (const s of starts) rows.set(s, { offset: s })
  const bounds = [...starts].sort((a, b) => a - b)
  let next: MapSegment | undefined
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!
    if (seg.source) next = seg
    const source = seg.source ?? (next && sameFunction(bounds, seg.offset, next.offset) ? next.source : undefined)
    const lined = source !== undefined && source.index >= 0
    if (lined || !rows.has(seg.offset)) rows.set(seg.offset, lined ? { offset: seg.offset, source } : { offset: seg.offset })
  }
  return [...rows.values()].sort((a, b) => a.offset - b.offset)
}

/** The rows less those that say what the row before them says (a lookup finds the same either way). */
function withoutRepeats(rows: readonly MapSegment[]): MapSegment[] {
  const key = (r: MapSegment) => (r.source ? `${r.source.index}:${r.source.line}:${r.source.column}` : '')
  return rows.filter((r, i) => i === 0 || key(r) !== key(rows[i - 1]!))
}

/** Whether no function body starts in (a, b]. */
function sameFunction(bounds: readonly number[], a: number, b: number): boolean {
  return !bounds.some((s) => s > a && s <= b)
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
