// A DWARF `.debug_line` reader (versions 2 to 5, 32- and 64-bit DWARF): runs each unit's line-number program and
// returns its rows, as clang writes them for wasm32 (`-g`; clang 14 writes version 4). Used at build time only:
// scripts/c-build/line-table.ts turns the rows into the compact `cedk.lines` section the loader reads.
// Addresses are what the producer wrote: for wasm, offsets into the code section's payload.
import { ByteReader } from '../../packages/kernel/src/cdriver/byte-reader.js'

/** One row of the line table: the code at `address` and after (to the next row) comes from `file`:`line`:`column`. */
export interface LineRow {
  address: number
  /** The source path as the unit names it (directory joined with the file name); '' when the unit names none. */
  file: string
  /** 1-based; 0 when the code has no source line (compiler-made). */
  line: number
  /** 1-based; 0 when the producer gave no column. */
  column: number
  /** The first address after a sequence (a function, for wasm): the row before it ends here. */
  endSequence: boolean
}

/** The bytes of the DWARF sections the line program may point into (DWARF 5 keeps file names in .debug_line_str). */
export interface DwarfSections {
  line: Uint8Array
  lineStr?: Uint8Array
  str?: Uint8Array
}

const DW_LNS = { copy: 1, advancePc: 2, advanceLine: 3, setFile: 4, setColumn: 5, negateStmt: 6, setBasicBlock: 7, constAddPc: 8, fixedAdvancePc: 9, setPrologueEnd: 10, setEpilogueBegin: 11, setIsa: 12 } as const
const DW_LNE = { endSequence: 1, setAddress: 2, defineFile: 3, setDiscriminator: 4 } as const
const DW_LNCT = { path: 1, directoryIndex: 2 } as const
const DW_FORM = { block: 0x09, block1: 0x0a, data1: 0x0b, data2: 0x05, data4: 0x06, data8: 0x07, data16: 0x1e, string: 0x08, strp: 0x0e, lineStrp: 0x1f, udata: 0x0f, sdata: 0x0d, strx: 0x1a, strx1: 0x25, strx2: 0x26, strx3: 0x27, strx4: 0x28 } as const

/** ByteReader over one DWARF section, with the fixed-size little-endian fields and strings DWARF adds. */
class Reader extends ByteReader {
  constructor(bytes: Uint8Array) {
    super(bytes, '.debug_line')
  }

  u16(): number {
    return this.u8() | (this.u8() << 8)
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0
  }

  /** A 64-bit value that must fit in a JS number (offsets and lengths in a module are far below 2^53). */
  u64(): number {
    const lo = this.u32()
    const hi = this.u32()
    if (hi > 0x1fffff) throw new RangeError(`.debug_line: 64-bit value too large at offset ${this.at - 8}`)
    return hi * 2 ** 32 + lo
  }

  /** An address of `size` bytes (4 for wasm32). */
  address(size: number): number {
    if (size === 4) return this.u32()
    if (size === 8) return this.u64()
    if (size === 2) return this.u16()
    if (size === 1) return this.u8()
    throw new RangeError(`.debug_line: address size ${size} at offset ${this.at}`)
  }

  cstring(): string {
    const end = this.bytes.indexOf(0, this.at)
    if (end < 0) throw new RangeError(`.debug_line: unterminated string at offset ${this.at}`)
    const s = new TextDecoder().decode(this.bytes.subarray(this.at, end))
    this.seek(end + 1)
    return s
  }
}

/** The string at `offset` of a string section (.debug_str, .debug_line_str). */
function stringAt(section: Uint8Array | undefined, offset: number, what: string): string {
  if (section === undefined) throw new RangeError(`.debug_line: a file name refers to ${what}, which the module does not have`)
  const r = new Reader(section)
  r.seek(offset)
  return r.cstring()
}

/** The parts of a unit's header the line program needs. */
interface Header {
  version: number
  offsetSize: 4 | 8
  addressSize: number
  minInstLength: number
  defaultIsStmt: boolean
  lineBase: number
  lineRange: number
  opcodeBase: number
  standardLengths: number[]
  dirs: string[]
  files: string[]
  programEnd: number
}

/** Every row of every unit in `.debug_line`, in the order the programs emit them. */
export function parseDebugLine(sections: DwarfSections): LineRow[] {
  const r = new Reader(sections.line)
  const rows: LineRow[] = []
  while (!r.done) {
    const h = readHeader(r, sections)
    runProgram(r, h, rows)
    r.seek(h.programEnd)
  }
  return rows
}

function readHeader(r: Reader, sections: DwarfSections): Header {
  let unitLength = r.u32()
  let offsetSize: 4 | 8 = 4
  if (unitLength === 0xffffffff) {
    unitLength = r.u64()
    offsetSize = 8
  } else if (unitLength >= 0xfffffff0) throw new RangeError(`.debug_line: reserved unit length 0x${unitLength.toString(16)} at offset ${r.at - 4}`)
  const programEnd = r.at + unitLength
  const version = r.u16()
  if (version < 2 || version > 5) throw new RangeError(`.debug_line: unsupported DWARF line table version ${version} at offset ${r.at - 2}`)
  let addressSize = 4
  if (version >= 5) {
    addressSize = r.u8()
    r.u8() // segment selector size
  }
  const headerLength = offsetSize === 8 ? r.u64() : r.u32()
  const programStart = r.at + headerLength
  const minInstLength = r.u8()
  if (version >= 4) r.u8() // maximum operations per instruction: 1 outside VLIW
  const defaultIsStmt = r.u8() !== 0
  const lineBase = (r.u8() << 24) >> 24
  const lineRange = r.u8()
  const opcodeBase = r.u8()
  if (lineRange === 0) throw new RangeError(`.debug_line: line_range 0 in the unit ending at ${programEnd}`)
  const standardLengths = [0]
  for (let i = 1; i < opcodeBase; i++) standardLengths.push(r.u8())
  const h: Header = { version, offsetSize, addressSize, minInstLength, defaultIsStmt, lineBase, lineRange, opcodeBase, standardLengths, dirs: [], files: [], programEnd }
  if (version >= 5) readEntries5(r, h, sections)
  else readEntries4(r, h)
  r.seek(programStart)
  return h
}

/** DWARF 2–4: include_directories then file_names, each list ended by an empty string; indices are 1-based. */
function readEntries4(r: Reader, h: Header): void {
  h.dirs.push('') // 0: the compilation directory
  for (let d = r.cstring(); d !== ''; d = r.cstring()) h.dirs.push(d)
  h.files.push('') // 0: no file
  for (let f = r.cstring(); f !== ''; f = r.cstring()) h.files.push(fileEntry4(r, h, f))
}

function fileEntry4(r: Reader, h: Header, name: string): string {
  const dir = r.uleb()
  r.uleb() // modification time
  r.uleb() // length
  return joinPath(h.dirs[dir] ?? '', name)
}

/** DWARF 5: self-describing directory and file entries; indices are 0-based (0 is the primary source). */
function readEntries5(r: Reader, h: Header, sections: DwarfSections): void {
  for (const e of readEntryList(r, h, sections)) h.dirs.push(e.path ?? '')
  for (const e of readEntryList(r, h, sections)) h.files.push(joinPath(h.dirs[e.dir ?? 0] ?? '', e.path ?? ''))
}

function readEntryList(r: Reader, h: Header, sections: DwarfSections): { path?: string; dir?: number }[] {
  const formats: [number, number][] = []
  for (let n = r.u8(); n > 0; n--) formats.push([r.uleb(), r.uleb()])
  const out: { path?: string; dir?: number }[] = []
  for (let n = r.uleb(); n > 0; n--) {
    const e: { path?: string; dir?: number } = {}
    for (const [type, form] of formats) {
      const v = readForm(r, h, form, sections)
      if (type === DW_LNCT.path && typeof v === 'string') e.path = v
      else if (type === DW_LNCT.directoryIndex && typeof v === 'number') e.dir = v
    }
    out.push(e)
  }
  return out
}

/** One attribute value of an entry: a string, a number, or null for what the line table does not use (MD5, …). */
function readForm(r: Reader, h: Header, form: number, sections: DwarfSections): string | number | null {
  const offset = () => (h.offsetSize === 8 ? r.u64() : r.u32())
  switch (form) {
    case DW_FORM.string:
      return r.cstring()
    case DW_FORM.lineStrp:
      return stringAt(sections.lineStr, offset(), '.debug_line_str')
    case DW_FORM.strp:
      return stringAt(sections.str, offset(), '.debug_str')
    case DW_FORM.udata:
      return r.uleb()
    case DW_FORM.sdata:
      return r.sleb()
    case DW_FORM.data1:
      return r.u8()
    case DW_FORM.data2:
      return r.u16()
    case DW_FORM.data4:
      return r.u32()
    case DW_FORM.data8:
      return r.u64()
    case DW_FORM.data16:
      r.skip(16)
      return null
    case DW_FORM.block:
      r.skip(r.uleb())
      return null
    case DW_FORM.block1:
      r.skip(r.u8())
      return null
    default:
      // strx* need .debug_str_offsets and the unit's base from .debug_info: not used by clang for line tables.
      throw new RangeError(`.debug_line: unsupported form 0x${form.toString(16)} in a DWARF 5 entry at offset ${r.at}`)
  }
}

function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '' || dir === '.') return name
  return `${dir.replace(/\/+$/, '')}/${name}`
}

/** The line-number state machine (DWARF 5 §6.2.2). */
function runProgram(r: Reader, h: Header, rows: LineRow[]): void {
  const fresh = () => ({ address: 0, file: 1, line: 1, column: 0 })
  let s = fresh()
  const emit = (endSequence: boolean) => rows.push({ address: s.address, file: h.files[s.file] ?? '', line: s.line, column: s.column, endSequence })
  while (r.at < h.programEnd) {
    const op = r.u8()
    if (op >= h.opcodeBase) {
      const adjusted = op - h.opcodeBase
      s.address += Math.floor(adjusted / h.lineRange) * h.minInstLength
      s.line += h.lineBase + (adjusted % h.lineRange)
      emit(false)
    } else if (op === 0) {
      const len = r.uleb()
      const end = r.at + len
      const sub = len > 0 ? r.u8() : -1
      if (sub === DW_LNE.endSequence) {
        emit(true)
        s = fresh()
      } else if (sub === DW_LNE.setAddress) s.address = r.address(len - 1)
      r.seek(end) // also skips define_file, set_discriminator and vendor extensions
    } else standardOpcode(r, h, op, s, emit)
  }
}

function standardOpcode(r: Reader, h: Header, op: number, s: { address: number; file: number; line: number; column: number }, emit: (end: boolean) => void): void {
  switch (op) {
    case DW_LNS.copy:
      return emit(false)
    case DW_LNS.advancePc:
      s.address += r.uleb() * h.minInstLength
      return
    case DW_LNS.advanceLine:
      s.line += r.sleb()
      return
    case DW_LNS.setFile:
      s.file = r.uleb()
      return
    case DW_LNS.setColumn:
      s.column = r.uleb()
      return
    case DW_LNS.constAddPc:
      s.address += Math.floor((255 - h.opcodeBase) / h.lineRange) * h.minInstLength
      return
    case DW_LNS.fixedAdvancePc:
      s.address += r.u16()
      return
    case DW_LNS.negateStmt:
    case DW_LNS.setBasicBlock:
    case DW_LNS.setPrologueEnd:
    case DW_LNS.setEpilogueBegin:
      return
    default:
      // set_isa and opcodes this reader does not know: skip their ULEB operands, as the header says how many.
      for (let n = h.standardLengths[op] ?? 0; n > 0; n--) r.uleb()
  }
}
