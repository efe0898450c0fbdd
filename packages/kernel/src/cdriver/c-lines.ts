// C file:line for the wasm frames of a driver's stack. V8 writes a wasm frame as
// `at <module>.<function> (wasm://wasm/<module>-<hash>:wasm-function[N]:0x<offset>)`, the offset a byte offset in
// the module. `npm run build:c` gives each C driver a module name unique to its bytes and a `cedk.lines` section
// (scripts/c-build/line-table.ts): sorted module offsets, each with the C file, line and column of the code from
// there on. defineCDriver registers the table under the module name; mapCFrames rewrites the frames of any stack
// text it knows, as `at <function> (<file>:<line>:<column>)`, the form of a TypeScript driver's frames, so the
// reports read both alike. A module without the section keeps V8's frame (the C function's name only).

import { ByteReader } from './byte-reader.js'

const LINES_VERSION = 1

interface Row {
  offset: number
  /** Index into files, or -1: no source from this offset on. */
  file: number
  line: number
  column: number
}

/** A C driver module's line table. */
export class CLineTable {
  private constructor(
    private readonly files: readonly string[],
    private readonly rows: readonly Row[],
  ) {}

  /** The table of `module`, or null when it has none (built without it, or not by npm run build:c). */
  static of(module: WebAssembly.Module, what: string): CLineTable | null {
    const [section] = WebAssembly.Module.customSections(module, 'cedk.lines')
    return section === undefined ? null : CLineTable.decode(new Uint8Array(section), what)
  }

  static decode(bytes: Uint8Array, what: string): CLineTable {
    const r = new ByteReader(bytes, `${what}: cedk.lines`)
    const version = r.u8()
    if (version !== LINES_VERSION) throw new TypeError(`${what}: cedk.lines version ${version}, this cedk reads ${LINES_VERSION} (rebuild with npm run build:c)`)
    const files: string[] = []
    for (let n = r.uleb(); n > 0; n--) files.push(r.utf8(r.uleb()))
    const rows: Row[] = []
    let offset = 0
    for (let n = r.uleb(); n > 0; n--) {
      offset += r.uleb()
      const file = r.uleb() - 1
      if (file >= files.length) throw new TypeError(`${what}: cedk.lines row at 0x${offset.toString(16)} names file ${file + 1} of ${files.length}`)
      rows.push(file < 0 ? { offset, file, line: 0, column: 0 } : { offset, file, line: r.uleb(), column: r.uleb() })
    }
    r.end()
    return new CLineTable(files, rows)
  }

  /** `file:line:column` of the code at module offset `offset`, or null where the table gives no source. */
  lookup(offset: number): string | null {
    let lo = 0
    let hi = this.rows.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.rows[mid]!.offset <= offset) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    const row = this.rows[found]
    if (row === undefined || row.file < 0) return null
    return `${this.files[row.file]}:${row.line}:${Math.max(row.column, 1)}`
  }
}

/**
 * Tables by module name. Two modules that share a name but not a table make the name ambiguous: its frames are
 * then left as V8 wrote them, since a wrong line is worse than none.
 */
const tables = new Map<string, CLineTable | 'ambiguous'>()
const sources = new Map<string, Uint8Array>()

/** The module name in a wasm name section (its subsection 0), or null. */
function moduleName(module: WebAssembly.Module): string | null {
  const [section] = WebAssembly.Module.customSections(module, 'name')
  if (section === undefined) return null
  const r = new ByteReader(new Uint8Array(section), 'name section')
  if (section.byteLength === 0 || r.u8() !== 0) return null
  r.uleb() // subsection size
  return r.utf8(r.uleb())
}

/** Make `module`'s frames mappable (defineCDriver calls it once per module). */
export function registerCLines(module: WebAssembly.Module, what: string): void {
  const table = CLineTable.of(module, what)
  const name = table === null ? null : moduleName(module)
  if (table === null || name === null) return
  const bytes = new Uint8Array(WebAssembly.Module.customSections(module, 'cedk.lines')[0]!)
  const known = sources.get(name)
  if (known === undefined) {
    sources.set(name, bytes)
    tables.set(name, table)
  } else if (!sameBytes(known, bytes)) tables.set(name, 'ambiguous')
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** A V8 wasm frame: optional function name (module-prefixed when the module is named), module URL, offset. */
const WASM_FRAME = /^(\s*at )(?:(.*) \()?wasm:\/\/wasm\/(.+)-[0-9a-f]{8}:wasm-function\[\d+\]:0x([0-9a-f]+)\)?$/

/** One stack line with a known C driver's wasm frame rewritten to its C source; any other line unchanged. */
export function mapCFrame(line: string): string {
  const m = WASM_FRAME.exec(line)
  if (m === null) return line
  const [, at, fn, module, offset] = m as unknown as [string, string, string | undefined, string, string]
  const table = tables.get(module)
  if (table === undefined || table === 'ambiguous') return line
  const where = table.lookup(parseInt(offset, 16))
  if (where === null) return line
  const name = fn?.startsWith(`${module}.`) ? fn.slice(module.length + 1) : fn
  return name ? `${at}${name} (${where})` : `${at}${where}`
}

/** A stack text with every known C driver's wasm frame rewritten to its C source (mapCFrame). */
export function mapCFrames(stack: string): string {
  return stack.includes('wasm://') ? stack.split('\n').map(mapCFrame).join('\n') : stack
}
