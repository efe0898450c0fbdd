// The .reg parser, Platform Builder flavour (SPEC "Registry"): [KEY] and [-KEY] sections, "name"=value pairs
// (several on one line, as cedk specs write them), dword:, hex:, hex(N):, multi_sz:, "x"=- deletes, ; comments
// and '\' continuation lines in hex lists. A malformed file is rejected with the exact line and column of the
// offending character (1-based, counted in characters of the original line, a tab being one) and what was
// expected there.

import {
  REG_BINARY,
  REG_DWORD,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_NONE,
  REG_SZ,
  decodeRegValue,
  keyNameProblem,
  normalizeRegPath,
} from './values.js'
import type { RegValue } from './values.js'

export interface RegParsedValue {
  /** '' for @ (the default value). */
  name: string
  /** null = delete ("x"=-). */
  value: RegValue | null
  line: number
  column: number
}

export interface RegParsedKey {
  /** Normalized (see Registry.normalizePath). */
  path: string
  /** [-HKEY...] */
  delete: boolean
  line: number
  values: RegParsedValue[]
}

export interface RegFile {
  file: string
  keys: RegParsedKey[]
}

export class RegParseError extends Error {
  override readonly name = 'RegParseError'
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** 1-based. */
  readonly column: number
  /** E.g. "'=' after the value name". */
  readonly expected: string
  /** What was there instead, e.g. "end of line" or "'x'". */
  readonly found: string

  constructor(file: string, line: number, column: number, expected: string, found: string, sourceLine: string) {
    super(`${file}:${line}:${column}: expected ${expected}, found ${found}\n${sourceLine}\n${caretLine(sourceLine, column)}`)
    this.file = file
    this.line = line
    this.column = column
    this.expected = expected
    this.found = found
  }
}

/** Spaces up to the column, copying the source line's tabs so the caret lines up however tabs are shown. */
function caretLine(source: string, column: number): string {
  let pad = ''
  for (let i = 0; i < column - 1; i++) pad += source[i] === '\t' ? '\t' : ' '
  return `${pad}^`
}

const HEADERS = ['REGEDIT4', 'Windows Registry Editor Version 5.00']
const VALUE_FORMS = 'a value: "string", dword:, hex:, hex(N):, multi_sz: or -'
const HEX_TYPES: Record<number, RegValue['type']> = {
  0: REG_NONE,
  1: REG_SZ,
  2: REG_EXPAND_SZ,
  3: REG_BINARY,
  4: REG_DWORD,
  7: REG_MULTI_SZ,
}

const isWs = (c: string | undefined): boolean => c !== undefined && /\s/.test(c)
const isHex = (c: string | undefined): boolean => c !== undefined && /[0-9a-fA-F]/.test(c)
/** Where a value may end: whitespace (another pair may follow), a comment or the end of the line. */
const isValueEnd = (c: string | undefined): boolean => c === undefined || c === ';' || isWs(c)

interface Position {
  row: number
  pos: number
}

export function parseReg(text: string, file = '<registry>'): RegFile {
  return new Parser(text, file).parseFile()
}

class Parser {
  readonly #lines: string[]
  readonly #file: string
  /** 0-based line index and character index in that line. */
  #row = 0
  #pos = 0
  #current: RegParsedKey | null = null

  constructor(text: string, file: string) {
    this.#lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
    this.#file = file
  }

  parseFile(): RegFile {
    const keys: RegParsedKey[] = []
    let headerAllowed = true
    for (this.#row = 0; this.#row < this.#lines.length; this.#row++) {
      this.#pos = 0
      this.#skipWs()
      const c = this.#peek()
      if (c === undefined || c === ';') continue
      if (headerAllowed && HEADERS.includes(this.#line.trim())) {
        headerAllowed = false
        continue
      }
      headerAllowed = false
      if (c === '[') {
        this.#current = this.#parseSection()
        keys.push(this.#current)
      } else {
        this.#parsePairs()
      }
    }
    return { file: this.#file, keys }
  }

  // ---- scanning helpers --------------------------------------------------------------------------------

  get #line(): string {
    return this.#lines[this.#row]!
  }

  #peek(offset = 0): string | undefined {
    return this.#line[this.#pos + offset]
  }

  #skipWs(): void {
    while (isWs(this.#peek())) this.#pos++
  }

  #describe(c = this.#peek()): string {
    if (c === undefined) return 'end of line'
    if (c === '\t') return 'a tab'
    if (c === '\0') return 'NUL'
    return `'${c}'`
  }

  #fail(expected: string, found = this.#describe(), at: Position = { row: this.#row, pos: this.#pos }): never {
    const source = this.#lines[at.row]!
    throw new RegParseError(this.#file, at.row + 1, at.pos + 1, expected, found, source)
  }

  #here(): Position {
    return { row: this.#row, pos: this.#pos }
  }

  // ---- sections ----------------------------------------------------------------------------------------

  #parseSection(): RegParsedKey {
    const line = this.#row + 1
    this.#pos++ // '['
    const del = this.#peek() === '-'
    if (del) this.#pos++
    const start = this.#pos
    const close = this.#line.indexOf(']', start)
    if (close < 0) {
      this.#pos = this.#line.length
      this.#fail("']' to close the key path")
    }
    const raw = this.#line.slice(start, close)
    this.#checkKeyPath(raw, start)
    const path = normalizeRegPath(raw)
    if (del && !path.includes('\\')) {
      this.#pos = start
      this.#fail('a key below a root (a root key cannot be deleted)', `'${raw}'`)
    }
    this.#pos = close + 1
    this.#skipWs()
    if (this.#peek() !== undefined && this.#peek() !== ';') this.#fail("end of line after ']'")
    return { path, delete: del, line, values: [] }
  }

  /** The checks normalizeRegPath and createKey make, done here so each failure has its column. */
  #checkKeyPath(raw: string, start: number): void {
    const at = (offset: number): void => {
      this.#pos = start + offset
    }
    const first = raw.search(/[^\\]/)
    if (first < 0) {
      at(raw.length)
      this.#fail('a key path', raw === '' ? "']'" : "'\\' only")
    }
    let offset = first
    const end = raw.replace(/\\+$/, '').length
    for (const part of raw.slice(first, end).split('\\')) {
      this.#checkKeyName(part, at, offset)
      offset += part.length + 1
    }
  }

  #checkKeyName(part: string, at: (offset: number) => void, offset: number): void {
    if (part === '') {
      at(offset)
      this.#fail("a key name between '\\' separators")
    }
    const nul = part.indexOf('\0')
    if (nul >= 0) {
      at(offset + nul)
      this.#fail('a key name character')
    }
    if (/^\s/.test(part)) {
      at(offset)
      this.#fail('a key name without leading whitespace')
    }
    if (/\s$/.test(part)) {
      at(offset + part.length - 1)
      this.#fail('a key name without trailing whitespace')
    }
    const problem = keyNameProblem(part) // a safety net: the checks above cover what a line can hold
    if (problem) {
      at(offset)
      this.#fail('a valid key name', problem)
    }
  }

  // ---- name=value pairs --------------------------------------------------------------------------------

  /** One or more pairs separated by whitespace, up to a comment or the end of the line. */
  #parsePairs(): void {
    let first = true
    for (;;) {
      this.#skipWs()
      const c = this.#peek()
      if (c === undefined || c === ';') return
      if (c !== '"' && c !== '@') {
        this.#fail(first ? "a '[KEY]' section, a \"name\"=value pair or a comment" : 'another "name"=value pair, a comment or end of line')
      }
      this.#parsePair()
      first = false
      if (!isValueEnd(this.#peek())) this.#fail('whitespace, a comment or end of line after the value')
    }
  }

  #parsePair(): void {
    const section = this.#current
    if (!section) this.#fail("a '[KEY]' section before the first value")
    if (section.delete) this.#fail("a '[KEY]' section: values cannot follow a [-KEY] deletion")
    const line = this.#row + 1
    const column = this.#pos + 1
    let name = ''
    if (this.#peek() === '@') this.#pos++
    else name = this.#parseString('the value name')
    this.#skipWs()
    if (this.#peek() !== '=') this.#fail("'=' after the value name")
    this.#pos++
    this.#skipWs()
    section.values.push({ name, value: this.#parseValue(), line, column })
  }

  /** A quoted string with the escapes \\ and \" (all a .reg string has). */
  #parseString(what: string): string {
    this.#pos++ // opening quote
    let s = ''
    for (;;) {
      const c = this.#peek()
      if (c === undefined) this.#fail(`'"' to close ${what}`)
      if (c === '"') break
      if (c === '\0') this.#fail('a string character')
      if (c === '\\') {
        const next = this.#peek(1)
        if (next !== '\\' && next !== '"') {
          this.#fail("an escape '\\\\' or '\\\"' after '\\'", next === undefined ? "'\\' at end of line" : `'\\${next}'`)
        }
        s += next
        this.#pos += 2
        continue
      }
      s += c
      this.#pos++
    }
    this.#pos++ // closing quote
    return s
  }

  #parseValue(): RegValue | null {
    const c = this.#peek()
    if (c === '"') return { type: REG_SZ, data: this.#parseString('the string') }
    if (c === '-') {
      this.#pos++
      return null
    }
    const start = this.#here()
    const word = /^[A-Za-z0-9_]*/.exec(this.#line.slice(this.#pos))![0]
    this.#pos += word.length
    switch (word.toLowerCase()) {
      case 'dword':
        this.#expectColon(word)
        return { type: REG_DWORD, data: this.#parseDword() }
      case 'hex': {
        const typed = this.#peek() === '('
        const type = typed ? this.#parseHexType() : REG_BINARY
        this.#expectColon(typed ? this.#line.slice(start.pos, this.#pos) : word)
        return this.#parseHexValue(type)
      }
      case 'multi_sz':
        this.#expectColon(word)
        return { type: REG_MULTI_SZ, data: this.#parseMultiSz() }
      default:
        this.#fail(VALUE_FORMS, word === '' ? this.#describe() : `'${word}'`, start)
    }
  }

  #expectColon(word: string): void {
    if (this.#peek() !== ':') this.#fail(`':' after '${word}'`)
    this.#pos++
  }

  #parseDword(): number {
    const start = this.#pos
    while (isHex(this.#peek())) this.#pos++
    const digits = this.#line.slice(start, this.#pos)
    if (digits.length === 0) this.#fail("1 to 8 hex digits after 'dword:'")
    if (digits.length > 8) this.#fail('at most 8 hex digits in a dword', `'${digits[8]}'`, { row: this.#row, pos: start + 8 })
    if (!isValueEnd(this.#peek())) this.#fail('a hex digit or the end of the dword')
    return parseInt(digits, 16)
  }

  /** hex(N) with N in hex, as regedit writes it (hex(7) is REG_MULTI_SZ, hex(b) would be REG_QWORD). */
  #parseHexType(): RegValue['type'] {
    this.#pos++ // '('
    const start = this.#here()
    while (isHex(this.#peek())) this.#pos++
    const digits = this.#line.slice(start.pos, this.#pos)
    if (digits === '') this.#fail('a hex type number in hex(N)')
    if (this.#peek() !== ')') this.#fail("')' after the hex type number")
    this.#pos++
    const type = digits.length <= 8 ? HEX_TYPES[parseInt(digits, 16)] : undefined
    if (type === undefined) this.#fail('a supported type in hex(N): 0, 1, 2, 3, 4 or 7', `'${digits}'`, start)
    return type
  }

  /** The bytes of a hex list and, when the type needs a size, checks it where the list ends. */
  #parseHexValue(type: RegValue['type']): RegValue {
    const { bytes, starts } = this.#parseHexBytes()
    const n = bytes.length
    if (type === REG_DWORD && n !== 4) {
      const why = 'hex(4) is a REG_DWORD of exactly 4 bytes'
      if (n < 4) this.#fail(`another byte: ${why}`)
      const fifth = starts[4]!
      this.#fail(`the end of the hex list: ${why}`, `a 5th byte '${this.#lines[fifth.row]!.slice(fifth.pos, fifth.pos + 2)}'`, fifth)
    }
    if ((type === REG_SZ || type === REG_EXPAND_SZ || type === REG_MULTI_SZ) && n % 2 !== 0) {
      this.#fail(`another byte: hex(${type}) text is UTF-16 and needs an even byte count`)
    }
    return decodeRegValue(type, Uint8Array.from(bytes))
  }

  /** Two-digit bytes separated by commas; after a comma (or right after the ':') a '\' ending the line continues
   *  the list on the next one. An empty list is allowed (regedit writes 'hex:' for empty data). */
  #parseHexBytes(): { bytes: number[]; starts: Position[] } {
    const bytes: number[] = []
    const starts: Position[] = []
    if (isValueEnd(this.#peek())) return { bytes, starts }
    this.#continueIfBackslash()
    for (;;) {
      starts.push(this.#here())
      bytes.push(this.#parseByte())
      if (this.#peek() !== ',') {
        if (!isValueEnd(this.#peek())) this.#fail("',' between bytes or the end of the hex list")
        return { bytes, starts }
      }
      this.#pos++
      this.#skipWs()
      this.#continueIfBackslash()
    }
  }

  #parseByte(): number {
    if (!isHex(this.#peek())) this.#fail('a byte as two hex digits')
    this.#pos++
    if (!isHex(this.#peek())) this.#fail('a second hex digit in the byte')
    this.#pos++
    return parseInt(this.#line.slice(this.#pos - 2, this.#pos), 16)
  }

  /** A '\' followed only by whitespace moves to the next line, past its indentation. */
  #continueIfBackslash(): void {
    if (this.#peek() !== '\\' || !/^\s*$/.test(this.#line.slice(this.#pos + 1))) return
    if (this.#row + 1 >= this.#lines.length) this.#fail("a continuation line after '\\'", 'end of file')
    this.#row++
    this.#pos = 0
    this.#skipWs()
  }

  /** multi_sz:"a","b" — nothing after the ':' is an empty list; a '\' after a comma continues the line too. */
  #parseMultiSz(): string[] {
    const list: string[] = []
    if (isValueEnd(this.#peek())) return list
    this.#continueIfBackslash()
    for (;;) {
      if (this.#peek() !== '"') this.#fail('a quoted string in the multi_sz list')
      const start = this.#here()
      const s = this.#parseString('the string')
      if (s === '') this.#fail('a non-empty string (an empty string would end the REG_MULTI_SZ list)', "'\"\"'", start)
      list.push(s)
      if (this.#peek() !== ',') {
        if (!isValueEnd(this.#peek())) this.#fail("',' between strings or the end of the multi_sz list")
        return list
      }
      this.#pos++
      this.#skipWs()
      this.#continueIfBackslash()
    }
  }
}
