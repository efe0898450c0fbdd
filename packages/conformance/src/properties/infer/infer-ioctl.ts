// Inference of one IOCTL's input layout by probing (SPEC "Interface inference"). Every word starts as a distinctive
// small length; then, round by round until nothing changes:
// - pointer pass: each word in turn becomes the address of a real allocation; a word whose value the driver gives
//   CeOpenCallerBuffer as pSrc (or dereferences) is a pointer, and the word whose value is the size it gave is its
//   length field;
// - selector pass: each other word the driver read takes a few values; when its value splits success from failure,
//   it is a selector, and the values that succeeded are its valid values.
// Then the length fields' bounds are searched, and one last call with every belief applied says whether the
// success path was found. When the evidence is not there, the word stays a plain u32: inference says less rather
// than something wrong.
import { ARG_I_BIT, ARG_O_BIT } from '@cedk/kernel'
import type { Mode } from '../../mode.js'
import type { Direction } from '../describe/pointers.js'
import type { Target } from '../run/boot.js'
import type { Belief, Inferred, PtrBelief, Unit } from './beliefs.js'
import { probe, REGION, wordOf, type Observation, type WordValue } from './probe.js'

export interface IoctlShape {
  name: string
  code: number
  inSize: number
  outSize: number
}

/** Words inferred per IOCTL: the first 64 bytes (the rest of a larger input stays bytes). */
export const MAX_WORDS = 16
const ROUNDS = 3
/** The distinctive length of word i: small, non-zero, four-aligned, and unlike every selector value tried. */
const lengthOf = (i: number): number => 20 + 4 * i
/** Values a selector candidate is tried with first; a word whose outcome none of them changes is plain data. */
const QUICK = [0, 1, 2, 3, 0xffffffff]
/** Then the full set: small values (enums start there), and far ones (a bound shows there). */
const SELECTOR = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x100, 0x10000, 0xffffffff]
/** Lengths tried for a pointer's length field. */
const LENGTHS = [1, 4, 16, 64, 256, 1024, 4096].filter((n) => n <= REGION)

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`

/** The values a field of `size` bytes is tried with: the list's, those too wide for it replaced by its largest. */
const fitted = (vs: readonly number[], size: number): number[] => (size === 4 ? [...vs] : [...new Set(vs.map((v) => Math.min(v, 2 ** (8 * size) - 1)))])

/**
 * The fields of an input of `inSize` bytes: 4-byte words over the first 64 bytes, except where the driver read a
 * byte or an aligned halfword on its own (`reads`, from a first probe): those words are cut into bytes and
 * halfwords, as are the tail bytes after the last whole word when the driver read them alone.
 */
export function unitsOf(inSize: number, reads: readonly { at: number; size: number }[]): Unit[] {
  const limit = Math.min(inSize, 4 * MAX_WORDS)
  const narrow = reads.filter((r) => r.size < 4 && r.at < limit)
  const cut = (from: number, to: number): Unit[] => {
    const out: Unit[] = []
    for (let b = from; b < to; ) {
      const half = b % 2 === 0 && b + 2 <= to && narrow.some((r) => r.at === b && r.size === 2)
      out.push({ at: b, size: half ? 2 : 1 })
      b += half ? 2 : 1
    }
    return out
  }
  const touches = (from: number, to: number): boolean => narrow.some((r) => r.at < to && r.at + r.size > from)
  const units: Unit[] = []
  const whole = limit - (limit % 4)
  for (let at = 0; at < whole; at += 4) units.push(...(touches(at, at + 4) ? cut(at, at + 4) : [{ at, size: 4 as const }]))
  if (whole < limit && touches(whole, limit)) units.push(...cut(whole, limit))
  return units
}

class Inference {
  readonly words: Belief[]
  readonly layout: readonly Unit[]
  readonly cur: WordValue[]
  readonly read = new Set<number>()
  async: string | null = null
  probes = 0
  /** Pointer words whose direction comes from what the driver did with their memory (no descriptor said it). */
  readonly touched = new Map<number, Set<'r' | 'w'>>()

  constructor(
    readonly t: Target,
    readonly mode: Mode,
    readonly seed: number,
    readonly s: IoctlShape,
    layout: readonly Unit[],
  ) {
    this.layout = layout
    this.words = layout.map((u) => ({ ...u, role: { kind: 'word' }, why: [] }))
    // A byte or halfword is never a pointer or a length: it starts at 0, the value enums most often allow.
    this.cur = layout.map((u, i) => ({ kind: 'num', v: u.size === 4 ? lengthOf(i) : 0 }))
  }

  off(i: number): string {
    const u = this.layout[i]!
    return u.size === 4 ? `offset ${u.at}` : `the ${u.size === 1 ? 'byte' : 'halfword'} at offset ${u.at}`
  }

  async run(words: readonly WordValue[]): Promise<Observation> {
    this.probes++
    const o = await probe(this.t, this.mode, this.seed, { code: this.s.code, inSize: this.s.inSize, outSize: this.s.outSize, layout: this.layout, words })
    for (const r of o.inReads) this.layout.forEach((u, i) => r.at < u.at + u.size && r.at + r.size > u.at && this.read.add(i))
    return o
  }

  with(i: number, w: WordValue): WordValue[] {
    return this.cur.map((x, k) => (k === i ? w : x))
  }

  isFree(i: number): boolean {
    return this.words[i]!.role.kind === 'word'
  }

  /** Take what one observation proves about pointers and their lengths; true when a belief was added. */
  absorb(o: Observation): boolean {
    let changed = false
    for (const x of o.opens) {
      if (x.word < 0 || !this.isFree(x.word)) continue // (a narrower field holds no matchable value: never here)
      const b: PtrBelief = { kind: 'ptr', dir: x.api === 'CeOpenCallerBuffer' ? dirOfDesc(x.desc) : dirOfAccesses(o, x.word) }
      const why = [`${this.off(x.word)} is a pointer: its value ${hex(x.src)} was given to ${x.api} as the address — ${x.line}`]
      const j = wordOf(o.values, x.cb)
      if (j >= 0 && j !== x.word && this.isFree(j)) {
        b.len = j
        this.words[j] = { ...this.layout[j]!, role: { kind: 'len', of: x.word }, why: [`${this.off(j)} is the length of ${this.off(x.word)}: its value ${x.cb} was the size given to ${x.api} — ${x.line}`] }
      } else if (x.cb > 0) {
        b.size = x.cb
        why.push(`no word held its size ${x.cb}: a fixed-size pointee`)
      }
      this.set(x.word, b, why, x.api === 'CeOpenCallerBuffer')
      changed = true
    }
    for (const a of o.accesses) {
      if (!this.isFree(a.word)) continue
      const b: PtrBelief = { kind: 'ptr', dir: dirOfAccesses(o, a.word) }
      const why = [`${this.off(a.word)} is a pointer: the driver ${a.write ? 'wrote' : 'read'} the memory it points to without opening it — ${a.line}`]
      const j = a.at === 0 ? wordOf(o.values, a.size) : -1
      if (j >= 0 && j !== a.word && this.isFree(j)) {
        b.len = j
        this.words[j] = { ...this.layout[j]!, role: { kind: 'len', of: a.word }, why: [`${this.off(j)} is the length of ${this.off(a.word)}: the driver accessed that many bytes of it — ${a.line}`] }
      }
      this.set(a.word, b, why)
      changed = true
    }
    for (const a of o.accesses) if (a.afterReturn && this.async === null) this.async = `the driver ${a.write ? 'wrote' : 'read'} ${this.off(a.word)}'s memory after the call returned — ${a.line}`
    if (o.lateParam && this.async === null) this.async = `the driver touched the caller's lpInBuf or lpOutBuf after the call returned — ${o.lateParam}`
    for (const a of o.accesses) this.touched.get(a.word)?.add(a.write ? 'w' : 'r')
    if (o.asyncAlloc && o.opens.length && this.async === null) this.async = `the driver made an asynchronous buffer during the call — ${o.asyncAlloc}`
    return changed
  }

  set(i: number, b: PtrBelief, why: string[], byDescriptor = false): void {
    this.words[i] = { ...this.layout[i]!, role: b, why }
    this.cur[i] = { kind: 'ptr' }
    if (!byDescriptor) this.touched.set(i, new Set())
  }

  /** The direction of each pointer no descriptor described: read, written or both, over every probe after it. */
  settleDirections(): void {
    for (const [i, rw] of this.touched) {
      const b = this.words[i]!.role
      if (b.kind !== 'ptr' || rw.size === 0) continue
      b.dir = rw.size === 2 ? 'inout' : rw.has('w') ? 'out' : 'in'
      this.words[i]!.why.push(`the driver ${rw.size === 2 ? 'read and wrote' : rw.has('w') ? 'wrote' : 'read'} its memory: dir '${b.dir}'`)
    }
  }

  async pointerPass(): Promise<boolean> {
    let changed = false
    for (let i = 0; i < this.words.length; i++) {
      if (!this.isFree(i) || this.layout[i]!.size !== 4) continue
      if (this.absorb(await this.run(this.with(i, { kind: 'ptr' })))) changed = true
    }
    return changed
  }

  async selectorPass(): Promise<boolean> {
    let changed = false
    for (let i = 0; i < this.words.length; i++) {
      if (!this.isFree(i) || !this.read.has(i)) continue
      const tried = new Map<number, Observation>()
      const at = async (v: number): Promise<Observation> => {
        let o = tried.get(v)
        if (!o) tried.set(v, (o = await this.run(this.with(i, { kind: 'num', v }))))
        if (this.absorb(o)) {
          // A pointer found on the way changes every later call: values tried before it are tried again.
          changed = true
          tried.clear()
          tried.set(v, (o = await this.run(this.with(i, { kind: 'num', v }))))
        }
        return o
      }
      // A narrow field is tried with every value at once: few values, and enums of bytes rarely include 0..3.
      const quickValues = this.layout[i]!.size === 4 ? QUICK : fitted(SELECTOR, this.layout[i]!.size)
      const values = fitted(SELECTOR, this.layout[i]!.size)
      const quick: Observation[] = []
      for (const v of quickValues) quick.push(await at(v)) // one after the other: the order of beliefs is the seed's alone
      if (!this.isFree(i)) continue
      if (new Set(quick.map(outcome)).size === 1) continue // the value does not change what the driver does
      for (const v of values) await at(v)
      if (!this.isFree(i)) continue
      const good = values.filter((v) => tried.get(v)!.ok)
      if (good.length === 0 || good.length === values.length) continue
      const bad = values.filter((v) => !tried.get(v)!.ok)
      const errors = [...new Set(bad.map((v) => tried.get(v)!.error))].join(', ')
      const said = `the call succeeded with ${good.map(hex).join(', ')} and failed (${errors}) with ${bad.map(hex).join(', ')}`
      const max = await this.upperBound(values, good, async (v) => (await at(v)).ok)
      this.words[i] =
        max === null
          ? { ...this.layout[i]!, role: { kind: 'enum', values: good }, why: [`${this.off(i)} is a selector: ${said}`] }
          : { ...this.layout[i]!, role: { kind: 'bound', min: good[0]!, max }, why: [`${this.off(i)} is bounded: ${said}; the largest value that succeeded is ${max}`] }
      this.cur[i] = { kind: 'num', v: good[0]! }
      changed = true
    }
    return changed
  }

  /**
   * When the values that succeeded are a run of those tried through 15 and the next value tried failed, the word is a
   * bound, not an enum: the largest value that succeeds, found by bisection between the two. Null otherwise.
   */
  async upperBound(tried: readonly number[], good: readonly number[], ok: (v: number) => Promise<boolean>): Promise<number | null> {
    const first = tried.indexOf(good[0]!)
    const last = tried.indexOf(good.at(-1)!)
    if (last - first + 1 !== good.length || good.at(-1)! < 15 || last + 1 >= tried.length) return null
    let lo = tried[last]! // succeeds
    let hi = tried[last + 1]! // fails
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2)
      if (await ok(mid)) lo = mid
      else hi = mid
    }
    return lo
  }

  /**
   * The lengths each pointer's length field may hold: the smallest and largest that succeeded. When none did (the
   * call needs the pointee's contents right too), those with which the driver still opened the pointer: a length
   * it refuses before opening never reaches the code past the open, whatever the contents.
   */
  async boundPass(): Promise<void> {
    for (let i = 0; i < this.words.length; i++) {
      const b = this.words[i]!.role
      if (b.kind !== 'ptr' || b.len === undefined) continue
      const good: number[] = []
      const opened: number[] = []
      for (const n of LENGTHS) {
        const o = await this.run(this.with(b.len, { kind: 'num', v: n }))
        if (o.ok) good.push(n)
        if (o.opens.some((x) => x.word === i)) opened.push(n)
      }
      const [accepted, how] = good.length ? [good, 'succeeded'] : [opened, 'were opened (none succeeded)']
      if (!accepted.length) continue
      b.min = accepted[0]!
      b.max = accepted.at(-1)!
      this.words[b.len]!.why.push(`lengths ${accepted.join(', ')} ${how}, of ${LENGTHS.join(', ')}`)
      this.cur[b.len] = { kind: 'num', v: b.min }
    }
  }
}

function dirOfDesc(desc: number): Direction {
  const i = (desc & ARG_I_BIT) !== 0
  const o = (desc & ARG_O_BIT) !== 0
  return i && o ? 'inout' : o ? 'out' : 'in'
}

function dirOfAccesses(o: Observation, word: number): Direction {
  const mine = o.accesses.filter((a) => a.word === word)
  const r = mine.some((a) => !a.write)
  const w = mine.some((a) => a.write)
  return r && w ? 'inout' : w ? 'out' : 'in'
}

/** What a probe's outcome is, as far as telling two values of a word apart goes. */
const outcome = (o: Observation): string => `${o.ok}:${o.error}:${o.opens.length}:${o.accesses.length > 0}`

/** Infer the input layout of one IOCTL. Deterministic: the same target, mode and seed give the same beliefs. */
export async function inferIoctl(t: Target, mode: Mode, seed: number, s: IoctlShape): Promise<Inferred> {
  // A first call with every word a distinctive length shows which fields the driver reads as bytes or halfwords.
  let x = new Inference(t, mode, seed, s, unitsOf(s.inSize, []))
  const first = await x.run(x.cur)
  const layout = unitsOf(s.inSize, first.inReads)
  const same = layout.length === x.layout.length && layout.every((u, i) => u.size === x.layout[i]!.size)
  if (same) x.absorb(first)
  else {
    x = new Inference(t, mode, seed, s, layout)
    x.probes = 1 // the first call counts
    if (x.words.length) x.absorb(await x.run(x.cur))
  }
  if (x.words.length) {
    for (let r = 0; r < ROUNDS; r++) {
      const p = await x.pointerPass()
      const q = await x.selectorPass()
      if (!p && !q) break
    }
    await x.boundPass()
  }
  const last = await x.run(x.cur)
  x.absorb(last)
  x.settleDirections()
  return { name: s.name, code: s.code, inSize: s.inSize, outSize: s.outSize, words: x.words, async: x.async, succeeded: last.ok, probes: x.probes }
}
