// One probe of interface inference: a fresh machine, one call of one IOCTL whose input words hold the values an
// assignment gives (a distinctive number, or the address of a real caller allocation of its own), and what the
// driver did with them, read from the trace: which values it gave CeOpenCallerBuffer (or the CE5 mapping calls) as
// an address and as a size, which allocations it read or wrote (during the call or after it returned), which words
// of lpInBuf it read, and how the call ended. Every observation keeps the trace line it came from.
import { Ev, HangError, type Machine, type TraceEvent } from '@cedk/kernel'
import type { Mode } from '../../mode.js'
import { boot, type Target } from '../run/boot.js'
import type { Unit } from './beliefs.js'

/** What one input word holds in a probe: a number, or the address of a fresh allocation of REGION bytes. */
export type WordValue = { kind: 'num'; v: number } | { kind: 'ptr' }

/** Committed bytes behind each pointer word: room for every length the bound search tries. */
export const REGION = 0x2000
/** Virtual ms the machine runs after the call returns, so a worker that keeps the caller's buffer shows it. */
const AFTER_MS = 50

export interface Open {
  api: string
  /** The input word whose value was the address given (-1: none). */
  word: number
  src: number
  cb: number
  desc: number
  line: string
}

export interface Access {
  word: number
  write: boolean
  /** Byte offset into the word's allocation, and the access size. */
  at: number
  size: number
  afterReturn: boolean
  line: string
}

export interface Observation {
  ok: boolean
  /** The last error of a failed call, or why there is no result ("hang", "bugcheck"). */
  error: string
  /** The value each word held, as placed (-1 for a field narrower than a word: it matches nothing). */
  values: number[]
  opens: Open[]
  accesses: Access[]
  /** The driver made a CeAllocAsynchronousBuffer during the call. */
  asyncAlloc: string | null
  /** The driver touched lpInBuf or lpOutBuf after the call returned (the trace line). */
  lateParam: string | null
  /** Byte offsets of lpInBuf the driver read (each read's first byte and size). */
  inReads: { at: number; size: number }[]
}

export interface ProbeCall {
  code: number
  inSize: number
  outSize: number
  /** Where each field is, and what it holds (a pointer only in a 4-byte field). */
  layout: readonly Unit[]
  words: readonly WordValue[]
}

/** The CE6 helpers and CE5 calls whose first argument is an embedded pointer the driver means to use. */
const POINTER_APIS = new Set(['CeOpenCallerBuffer', 'MapCallerPtr', 'MapPtrToProcess'])

export async function probe(t: Target, mode: Mode, seed: number, call: ProbeCall): Promise<Observation> {
  const b = await boot(t, mode, seed, [], 1, 1, false)
  const c = b.callers[0]!
  const proc = c.proc
  const values = call.words.map((w) => (w.kind === 'ptr' ? proc.alloc(REGION) : w.v >>> 0))
  const bases = call.words.map((w, i) => (w.kind === 'ptr' ? values[i]! : -1))
  const pIn = call.inSize ? proc.alloc(call.inSize) : 0
  const input = new Uint8Array(call.inSize)
  values.forEach((v, i) => {
    const u = call.layout[i]!
    for (let k = 0; k < u.size && u.at + k < input.length; k++) input[u.at + k] = (v >>> (8 * k)) & 0xff
  })
  // Only a word can hold an address or a size the driver passes on: narrower fields match no value.
  const matchable = values.map((v, i) => (call.layout[i]!.size === 4 ? v : -1))
  if (pIn) proc.write(pIn, input)
  const pOut = call.outSize ? proc.alloc(call.outSize) : 0
  const o: Observation = { ok: false, error: '', values: matchable, opens: [], accesses: [], asyncAlloc: null, lateParam: null, inReads: [] }
  let returned = false
  const m = b.m
  const off = m.trace.subscribe((e) => see(m, e, o, matchable, bases, { pIn, nIn: call.inSize, pOut, nOut: call.outSize }, returned), [Ev.ApiCall, Ev.MemRead, Ev.MemWrite, Ev.Fault])
  try {
    const r = await c.threads[0]!.DeviceIoControl(c.handle, call.code, pIn, call.inSize, pOut, call.outSize)
    returned = true
    o.ok = r.ok
    o.error = r.ok ? '' : String(r.error)
    await m.advance(AFTER_MS)
  } catch (e) {
    if (!(e instanceof HangError) && !m.bugcheck) throw e
    o.error = m.bugcheck ? 'bugcheck' : 'hang'
  } finally {
    off()
    b.verifier.dispose()
    await m.shutdown().catch(() => undefined)
    m.dispose()
  }
  return o
}

/** The word whose value is `v`, when exactly one word holds it (a value two words share proves nothing). */
export function wordOf(values: readonly number[], v: number): number {
  const i = values.indexOf(v >>> 0)
  return i >= 0 && values.indexOf(v >>> 0, i + 1) < 0 ? i : -1
}

/** A trace event as one line without its time stamp (the thread and the event are what the reader needs). */
const lineOf = (m: Machine, e: TraceEvent): string => m.trace.format(e).trim().replace(/^[\d.]+ms\s+/, '')

interface Params {
  pIn: number
  nIn: number
  pOut: number
  nOut: number
}

function see(m: Machine, e: TraceEvent, o: Observation, values: number[], bases: number[], p: Params, returned: boolean): void {
  if (e.kind === Ev.ApiCall) {
    const api = m.trace.name(e.a)
    if (api === 'CeAllocAsynchronousBuffer' && !returned) o.asyncAlloc ??= lineOf(m, e)
    if (POINTER_APIS.has(api)) o.opens.push({ api, word: wordOf(values, e.b), src: e.b, cb: e.c, desc: e.d, line: lineOf(m, e) })
    return
  }
  const addr = e.a >>> 0
  const inParam = (at: number, n: number): boolean => at !== 0 && addr >= at && addr < at + n
  if (inParam(p.pIn, p.nIn) || inParam(p.pOut, p.nOut)) {
    if (returned) o.lateParam ??= lineOf(m, e)
    else if (e.kind === Ev.MemRead && inParam(p.pIn, p.nIn)) o.inReads.push({ at: addr - p.pIn, size: e.b })
    return
  }
  const word = bases.findIndex((p) => p >= 0 && addr >= p && addr < p + REGION)
  if (word < 0) return
  const write = e.kind === Ev.Fault ? e.b === 1 : e.kind === Ev.MemWrite
  o.accesses.push({ word, write, at: addr - bases[word]!, size: e.kind === Ev.Fault ? 1 : e.b, afterReturn: returned, line: lineOf(m, e) })
}
