// From beliefs to a description the property suites run on: pointer words become embedded pointers (a byte buffer
// with its length field, or a fixed-size pointee), selectors enums of the values that succeeded, bounds ranges,
// everything else plain scalars (u32, or u8 and u16 where the driver read a byte or halfword alone); bytes past the
// inferred fields stay bytes; the output buffer is bytes of its size.
import { bytes, u16, u32, u8, type ScalarField } from '../describe/fields.js'
import { ioctl, type IoctlDesc } from '../describe/ioctl.js'
import { buffer, ptr, type PtrField } from '../describe/pointers.js'
import { struct, type Field } from '../describe/struct.js'
import type { Belief, Inferred } from './beliefs.js'

/** Largest buffer a valid call makes behind an inferred pointer whose bounds were not found. */
const DEFAULT_MAX = 256

/** The name of word i's field: its role and byte offset (`p0`, `cb4`, `sel8`, `n12`, `dw16`). */
export function wordName(words: readonly Belief[], i: number): string {
  const w = words[i]!
  switch (w.role.kind) {
    case 'ptr':
      return `p${w.at}`
    case 'len':
      return `cb${w.at}`
    case 'enum':
      return `sel${w.at}`
    case 'bound':
      return `n${w.at}`
    case 'word':
      return `${w.size === 4 ? 'dw' : w.size === 2 ? 'w' : 'b'}${w.at}`
  }
}

const SCALAR = { 1: u8, 2: u16, 4: u32 } as const

function wordField(x: Inferred, i: number, lens: Set<number>): Field {
  const r = x.words[i]!.role
  const scalar = SCALAR[x.words[i]!.size]
  if (r.kind === 'enum') return scalar({ oneOf: r.values })
  if (r.kind === 'bound') return scalar({ min: r.min, max: r.max })
  if (r.kind !== 'ptr') return scalar()
  if (r.len !== undefined && !lens.has(r.len)) {
    lens.add(r.len) // one pointer per length word: a second would disagree about the size it holds
    // Valid buffers start at the smallest length the driver accepted (1, the default, is left unsaid).
    const min = r.min !== undefined && r.min > 1 ? r.min : undefined
    return ptr(buffer(r.max ?? DEFAULT_MAX, min), { dir: r.dir, len: wordName(x.words, r.len) }) as PtrField
  }
  const size = r.size ?? r.max ?? DEFAULT_MAX
  return ptr(struct(`${x.name}_${wordName(x.words, i)}`, { data: bytes(size) }), { dir: r.dir })
}

export function toDescription(x: Inferred): IoctlDesc {
  const fields: Record<string, Field> = {}
  const lens = new Set<number>()
  x.words.forEach((_, i) => (fields[wordName(x.words, i)] = wordField(x, i, lens)))
  // A length word whose pointer did not take it (shared) is a plain word again.
  x.words.forEach((w, i) => {
    if (w.role.kind === 'len' && !lens.has(i)) fields[wordName(x.words, i)] = u32() as ScalarField
  })
  const end = x.words.length ? x.words.at(-1)!.at + x.words.at(-1)!.size : 0
  const rest = x.inSize - end
  if (rest > 0) fields.tail = bytes(rest)
  const input = x.inSize ? struct(`${x.name}_IN`, fields) : undefined
  const output = x.outSize ? struct(`${x.name}_OUT`, { data: bytes(x.outSize) }) : undefined
  return ioctl(x.name, x.code, { ...(input && { in: input }), ...(output && { out: output }), ...(x.async && { async: true }) })
}
