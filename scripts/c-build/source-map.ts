// Source maps (version 3) as binaryen reads and writes them for wasm: one generated line, whose columns are byte
// offsets in the module. The build hands clang's line table to binaryen as one (binaryen keeps a location on each
// expression through its passes) and reads back the one binaryen writes for the final module.

/** A mapping: the code at byte `offset` of the module comes from sources[source]:line:column (1-based). */
export interface MapSegment {
  offset: number
  /** Absent for a segment that says "no source from here on". */
  source?: { index: number; line: number; column: number }
}

export interface SourceMapV3 {
  version: 3
  sources: string[]
  names: string[]
  mappings: string
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1
  let s = ''
  do {
    let digit = v & 31
    v >>>= 5
    if (v) digit |= 32
    s += B64[digit]
  } while (v)
  return s
}

/** A source map of `segments` (sorted by offset) over `sources`. Lines and columns go in 0-based, as the format has them. */
export function encodeSourceMap(sources: readonly string[], segments: readonly MapSegment[]): SourceMapV3 {
  let prev = [0, 0, 0, 0]
  const out: string[] = []
  for (const seg of segments) {
    if (!seg.source) throw new RangeError('encodeSourceMap: only mapped segments are encoded')
    const cur = [seg.offset, seg.source.index, seg.source.line - 1, Math.max(seg.source.column - 1, 0)]
    out.push(cur.map((v, i) => vlq(v - prev[i]!)).join(''))
    prev = cur
  }
  return { version: 3, sources: [...sources], names: [], mappings: out.join(',') }
}

/** The segments of a wasm source map's mappings, in order. `what` names the map in errors. */
export function decodeMappings(mappings: string, what: string): MapSegment[] {
  if (mappings.includes(';')) throw new RangeError(`${what}: a wasm source map has one generated line, this one has several`)
  const out: MapSegment[] = []
  const state = [0, 0, 0, 0]
  for (const seg of mappings.split(',')) {
    if (seg === '') continue
    const fields = decodeVlqs(seg, what)
    if (fields.length !== 1 && fields.length !== 4 && fields.length !== 5) throw new RangeError(`${what}: segment "${seg}" has ${fields.length} fields`)
    state[0]! += fields[0]!
    if (fields.length === 1) {
      out.push({ offset: state[0]! })
      continue
    }
    for (let i = 1; i < 4; i++) state[i]! += fields[i]!
    out.push({ offset: state[0]!, source: { index: state[1]!, line: state[2]! + 1, column: state[3]! + 1 } })
  }
  return out
}

function decodeVlqs(seg: string, what: string): number[] {
  const out: number[] = []
  let value = 0
  let shift = 0
  for (const ch of seg) {
    const digit = B64.indexOf(ch)
    if (digit < 0) throw new RangeError(`${what}: "${ch}" is not a base64 digit in segment "${seg}"`)
    value += (digit & 31) * 2 ** shift
    shift += 5
    if ((digit & 32) === 0) {
      out.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2)
      value = 0
      shift = 0
    }
  }
  if (shift !== 0) throw new RangeError(`${what}: segment "${seg}" ends inside a number`)
  return out
}
