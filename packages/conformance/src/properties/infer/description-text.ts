// The inferred description as TypeScript the user can paste into the spec (the description language's own calls),
// each field preceded by why inference believes it.
import type { ScalarField } from '../describe/fields.js'
import type { IoctlDesc } from '../describe/ioctl.js'
import type { PtrField } from '../describe/pointers.js'
import type { Field, StructDesc } from '../describe/struct.js'
import type { Inferred } from './beliefs.js'
import { wordName } from './to-description.js'

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`

function scalarText(f: ScalarField): string {
  const c = f.constraint
  if (!c) return `${f.type}()`
  if ('oneOf' in c) return `${f.type}({ oneOf: [${c.oneOf.map((v) => (v > 0xffff ? hex(v) : String(v))).join(', ')}] })`
  if ('flags' in c) return `${f.type}({ flags: ${hex(c.flags)} })`
  return `${f.type}({ min: ${c.min}, max: ${c.max} })`
}

function ptrText(f: PtrField, indent: string): string {
  const t = f.target
  const target = t.kind === 'buffer' ? `buffer(${t.max}${t.min ? `, ${t.min}` : ''})` : t.kind === 'struct' ? structText(t, indent) : `arrayOf(${structText(t.of, indent)}, ${t.max})`
  const opts = [`dir: '${f.dir}'`, ...(f.len ? [`len: '${f.len}'`] : []), ...(f.count ? [`count: '${f.count}'`] : [])]
  return `ptr(${target}, { ${opts.join(', ')} })`
}

function fieldText(f: Field, indent: string): string {
  switch (f.kind) {
    case 'scalar':
      return scalarText(f)
    case 'bytes':
      return `bytes(${f.size})`
    case 'varBytes':
      return `varBytes('${f.len}', ${f.max})`
    case 'string':
      return `string(${f.chars}${f.wide ? ', true' : ''})`
    case 'ptr':
      return ptrText(f, indent)
    case 'struct':
      return structText(f, indent)
    case 'array':
      return `inlineArray(${structText(f.of, indent)}, ${f.count})`
  }
}

function structText(s: StructDesc, indent: string, why?: (name: string) => readonly string[]): string {
  const inner = `${indent}  `
  const lines = Object.entries(s.fields).flatMap(([k, f]) => [...(why?.(k) ?? []).map((w) => `${inner}// ${w}`), `${inner}${k}: ${fieldText(f, inner)},`])
  return `struct('${s.name}', {\n${lines.join('\n')}\n${indent}})`
}

/** `ioctl('NAME', 0x…, { in: struct(…), out: struct(…) })`, with the reasons of `x` (when given) as comments. */
export function descriptionText(d: IoctlDesc, x?: Inferred): string {
  const why = (k: string): readonly string[] => {
    if (!x) return []
    const i = x.words.findIndex((_, j) => wordName(x.words, j) === k)
    return i >= 0 ? x.words[i]!.why : []
  }
  const parts = [...(d.in ? [`  in: ${structText(d.in, '  ', why)},`] : []), ...(d.out ? [`  out: ${structText(d.out, '  ')},`] : []), ...(d.async ? ['  async: true,'] : [])]
  const head = x ? [`// ${d.name}: inferred in ${x.probes} probe${x.probes === 1 ? '' : 's'}; ${x.succeeded ? 'a call built from it succeeded' : 'no call built from it succeeded (the success path was not found)'}`, ...(x.async ? [`// async: ${x.async}`] : [])] : []
  return [...head, `ioctl('${d.name}', ${hex(d.code)}, {`, ...parts, '})'].join('\n')
}

const LANGUAGE = ['arrayOf', 'buffer', 'bytes', 'i32', 'inlineArray', 'ioctl', 'ptr', 'string', 'struct', 'u16', 'u32', 'u8', 'varBytes']

/** The import line the printed descriptions need, for pasting: the description language's calls they use. */
export function importsFor(text: string): string {
  const used = LANGUAGE.filter((f) => new RegExp(`(^|[^\\w.])${f}\\(`, 'm').test(text.replace(/^\s*\/\/.*$/gm, '')))
  return `import { ${used.join(', ')} } from '@cedk/conformance'`
}
