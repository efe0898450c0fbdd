// What a failure prints: the shrunk program in readable form (IOCTL names, decoded structs, pointer kinds), what
// each call gave, the seed and path, and the one-line command that replays it; and the parser of that command's
// CEDK_REPLAY value.
import type { PlanValue, Program, PtrPlan } from '../arbitraries/plan.js'
import { decode } from '../describe/codec.js'
import type { IoctlDesc, IoctlSet } from '../describe/ioctl.js'
import type { PtrField } from '../describe/pointers.js'
import type { Field, StructDesc } from '../describe/struct.js'
import { observation } from './equivalence.js'
import type { CallOutcome, Execution } from './execute.js'

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`

function bytesText(b: Uint8Array): string {
  const shown = Array.from(b.subarray(0, 16), (x) => x.toString(16).padStart(2, '0')).join(' ')
  return `[${shown}${b.length > 16 ? ` … ${b.length} bytes` : ''}]`
}

function scalarText(f: Extract<Field, { kind: 'scalar' }>, v: number): string {
  const name = f.names?.[v]
  if (name) return name
  if (f.constraint && 'flags' in f.constraint && f.names) {
    const parts = Object.entries(f.names).filter(([bit]) => v & Number(bit)).map(([, n]) => n)
    const rest = v & ~f.constraint.flags
    return parts.length || rest ? [...parts, ...(rest ? [hex(rest)] : [])].join('|') : '0'
  }
  return v > 0xffff || v < 0 ? hex(v) : String(v)
}

function ptrText(f: PtrField, p: PtrPlan): string {
  const tune = p.n ? `(${p.n})` : ''
  if (p.value === undefined) return `${p.kind}${tune}`
  const t = f.target
  const what = t.kind === 'struct' ? valueText(t, p.value as PlanValue) : t.kind === 'buffer' ? bytesText(p.value as Uint8Array) : `[${(p.value as PlanValue[]).map((e) => valueText(t.of, e)).join(', ')}]`
  return `${p.kind}${tune} → ${what}`
}

/** A struct's planned value: `SERIAL_LINE_CONTROL { StopBits: ONESTOPBIT, Parity: NOPARITY, WordLength: 5 }`. */
export function valueText(s: StructDesc, v: PlanValue | Record<string, unknown>): string {
  const parts = Object.entries(s.fields).map(([k, f]) => `${k}: ${fieldText(f, v[k])}`)
  return `${s.name} { ${parts.join(', ')} }`
}

function fieldText(f: Field, x: unknown): string {
  switch (f.kind) {
    case 'scalar':
      return scalarText(f, Number(x))
    case 'ptr':
      return typeof x === 'number' ? hex(x) : ptrText(f, x as PtrPlan)
    case 'bytes':
    case 'varBytes':
      return bytesText(x as Uint8Array)
    case 'string':
      return JSON.stringify(x)
    case 'struct':
      return valueText(f, x as PlanValue)
    case 'array':
      return `[${(x as PlanValue[]).map((e) => valueText(f.of, e)).join(', ')}]`
  }
}

/**
 * The input struct as the driver saw it: scalars read back from the bytes placed in lpInBuf (so a pointer's length
 * field holds what placement set, not the plan's placeholder), each embedded pointer as planned with the address it
 * got. Pointees show their planned contents.
 */
export function placedValueText(s: StructDesc, plan: PlanValue, seen: Record<string, unknown>): string {
  const parts = Object.entries(s.fields).map(([k, f]) => `${k}: ${placedFieldText(f, plan[k], seen[k])}`)
  return `${s.name} { ${parts.join(', ')} }`
}

function placedFieldText(f: Field, planned: unknown, seen: unknown): string {
  if (f.kind === 'ptr' && typeof planned === 'object' && planned !== null) return `${ptrText(f, planned as PtrPlan)} @${hex(Number(seen))}`
  if (f.kind === 'struct') return placedValueText(f, planned as PlanValue, seen as Record<string, unknown>)
  return fieldText(f, seen)
}

/** The input of step `i` as placed in the first run that placed it; the plan's text when none did. */
function inputText(d: IoctlDesc, plan: PlanValue, runs: readonly Execution[], i: number): string {
  const placed = runs.find((r) => r.outcomes[i]?.placed)?.outcomes[i]?.placed
  if (!d.in || !placed || placed.input.length === 0) return valueText(d.in!, plan)
  return placedValueText(d.in, plan, decode(d.in, placed.input) as Record<string, unknown>)
}

const bufText = (p: PtrPlan): string => (p.kind === 'valid' ? '' : ` ${p.kind}${p.n ? `(${p.n})` : ''}`)

function outcomeText(o: CallOutcome | undefined): string {
  if (!o) return '(not run)'
  if (o.failure) return o.failure
  const r = o.result!
  const placed = o.placed ? ` [in ${hex(o.placed.pIn)}+${o.placed.nIn}, out ${hex(o.placed.pOut)}+${o.placed.nOut}]` : ''
  const out = o.decoded ? `, out ${JSON.stringify(o.decoded)}` : ''
  return `${r.ok ? 'TRUE' : `FALSE ${r.error}`}, ${r.bytes} bytes${out}${o.raced ? ', raced' : ''}${placed}`
}

/** Two modes' outcomes of one call differ as the equivalence property compares them (outcomeText shows those fields). */
function differ(a: CallOutcome | undefined, b: CallOutcome | undefined): boolean {
  if (!a || !b) return a !== b
  const [x, y] = [observation(a), observation(b)]
  return !x.notCompared && !y.notCompared && JSON.stringify(x.result) !== JSON.stringify(y.result)
}

/** The trace of a call in one mode, when the run kept it (the final run of a failing property). */
function traceText(mode: string, o: CallOutcome | undefined): string[] {
  if (!o?.trace?.length) return []
  return [`      ${mode} trace:`, ...o.trace.map((l) => `        ${l}`)]
}

/** An event, printed under the call it fires during: "⚡ while #1 runs, after 5 ms: UART receives "ping"". */
const eventText = (e: NonNullable<Program['events']>[number], step: number): string =>
  `  ⚡ ${step < 0 ? 'with no call made' : `while #${step + 1} runs`}${e.delayMs ? `, after ${e.delayMs} ms` : ''}: hardware event ${e.event}`

/**
 * The program, one line per call, with what each mode gave, in the order it ran: a call still running when a caller
 * exits shows its result after the exit (where it came), with what the exit did to it; the hardware events fired
 * while a call ran under it. Where two modes differ, both traces of that call.
 */
export function programText(set: IoctlSet, p: Program, runs: readonly Execution[] = []): string {
  const lines: string[] = []
  const results = (i: number, indent: string): string[] => {
    const out = runs.map((r) => `${indent}${r.mode}: ${outcomeText(r.outcomes[i])}`)
    if (runs.length === 2 && differ(runs[0]!.outcomes[i], runs[1]!.outcomes[i])) for (const r of runs) out.push(...traceText(r.mode, r.outcomes[i]))
    return out
  }
  const late = (i: number): boolean => runs.some((r) => r.outcomes[i]?.runningAtExit)
  const eventsAfter = (i: number) => (p.events ?? []).filter((e) => (i < p.steps.length - 1 ? e.afterStep === i : e.afterStep >= i)).map((e) => eventText(e, p.steps.length ? i : -1))
  p.steps.forEach((s, i) => {
    const d = set.find((x) => x.name === s.call.ioctl)
    const input = d?.in && s.call.input ? ` in=${inputText(d, s.call.input, runs, i)}` : ''
    const conc = s.wait ? '' : ' (not awaited: overlaps the next call)'
    lines.push(`  #${i + 1} app${s.proc}.exe thread ${s.thread}: ${s.call.ioctl}${input}${d?.in ? bufText(s.call.inBuf) : ''}${d?.out ? ` out=${d.out.name}${bufText(s.call.outBuf)}` : ''}${conc}`)
    if (s.call.race && d?.in) lines.push(`      race: after the driver's read #${s.call.race.afterReads} of lpInBuf, a second thread writes ${valueText(d.in, s.call.race.input)}`)
    if (!late(i)) lines.push(...results(i, '      '))
    else lines.push('      (still running in the driver when the caller exits: its result is below)')
    if (p.exit?.afterStep === i) lines.push(...exitText(p, i, results, late))
    lines.push(...eventsAfter(i))
  })
  if (!p.steps.length) lines.push(...eventsAfter(0))
  if (p.schedule.length) lines.push(`  schedule: [${p.schedule.join(', ')}]`)
  return lines.join('\n')
}

/** The exit, then each call that was still running, with its result and — for the exiting caller's — what Close did. */
function exitText(p: Program, at: number, results: (i: number, indent: string) => string[], late: (i: number) => boolean): string[] {
  const exit = p.exit!
  const lines = [`  app${exit.proc}.exe exits here, then ${exit.advanceMs} ms pass`]
  for (let i = 0; i <= at; i++) {
    if (!late(i)) continue
    const s = p.steps[i]!
    lines.push(`    #${i + 1} ${s.call.ioctl} returns after the exit began:`, ...results(i, '      '))
    if (s.proc === exit.proc) {
      lines.push(`      the exit closed app${exit.proc}.exe's handle while #${i + 1} was running: CE6 calls the driver's PreClose then (to wake and fail the calls in progress) and Close only when the last call has returned; a driver without PreClose gets Close now, during its IOControl`)
    }
  }
  return lines
}

export interface ReplayToken {
  id: string
  seed: number
  path: string
}

/** `CEDK_REPLAY=<test id>:<seed>:<path>`. */
export const replayValue = (t: ReplayToken): string => `${t.id}:${t.seed}:${t.path}`

export function parseReplay(text: string | undefined): ReplayToken | null {
  const m = /^(.+):(-?\d+):([\d:]*)$/.exec(text ?? '')
  return m ? { id: m[1]!, seed: Number(m[2]), path: m[3]! } : null
}

/** The one-line way to replay a failure. */
export function replayCommand(t: ReplayToken, file: string | undefined, testName: string | undefined): string {
  const where = file ? ` ${file}` : ''
  const only = testName ? ` -t ${JSON.stringify(testName)}` : ''
  return `CEDK_REPLAY='${replayValue(t)}' npx vitest run${where}${only}`
}
