// The timeline's layout, apart from drawing: one lane per thread, grouped by process (caller applications first,
// then nk.exe, then the udevice.exe hosts), and the spans (entry-point calls, API calls) each thread was inside.
import type { ExportedEvent, TraceExport } from '@cedk/kernel'

export interface Lane {
  tid: number
  label: string
  /** Index of the lane's group in `groups`. */
  group: number
}

export interface LaneGroup {
  label: string
  kind: string
}

export interface Span {
  tid: number
  kind: 'entry' | 'api'
  name: string
  /** Event indexes (into the export's events) of the start and the end (the last event when it never ended). */
  start: number
  end: number
  depth: number
  open: boolean
}

const KIND_ORDER: Record<string, number> = { user: 0, unknown: 1, kernel: 2, udevice: 3 }

export function lanesOf(t: TraceExport): { lanes: Lane[]; groups: LaneGroup[] } {
  const used = new Set<number>()
  for (const e of t.events) used.add(e.tid)
  for (const e of t.events) if (e.kind === 'thread-switch') for (const k of ['from', 'to']) if (typeof e.fields[k] === 'number' && e.fields[k] !== 0) used.add(e.fields[k] as number)
  const threadOf = new Map(t.threads.map((th) => [th.tid, th]))
  const procOf = new Map(t.processes.map((p) => [p.pid, p]))
  const groupKey = (tid: number): string => (tid === 0 ? 'none' : String(threadOf.get(tid)?.pid ?? 0))
  const keys = [...new Set([...used].map(groupKey))]
  const groupInfo = (key: string): LaneGroup => {
    if (key === 'none') return { label: 'no thread (hardware, the test)', kind: 'none' }
    const p = procOf.get(Number(key))
    return p ? { label: `${p.name} (p${p.pid}, ${p.kind})`, kind: p.kind } : { label: 'unknown process', kind: 'unknown' }
  }
  const rank = (key: string): number => (key === 'none' ? 9 : (KIND_ORDER[groupInfo(key).kind] ?? 1))
  keys.sort((a, b) => rank(a) - rank(b) || Number(a) - Number(b))
  const groups = keys.map(groupInfo)
  const lanes = [...used]
    .map((tid) => ({ tid, label: tid === 0 ? '—' : `t${tid} ${threadOf.get(tid)?.name ?? ''}`.trim(), group: keys.indexOf(groupKey(tid)) }))
    .sort((a, b) => a.group - b.group || a.tid - b.tid)
  return { lanes, groups }
}

/** Entry-point and API-call spans per thread, nested as the thread's calls nested. */
export function spansOf(events: readonly ExportedEvent[]): Span[] {
  const spans: Span[] = []
  const stacks = new Map<number, Span[]>()
  events.forEach((e, i) => {
    const stack = stacks.get(e.tid) ?? []
    stacks.set(e.tid, stack)
    if (e.kind === 'entry-enter' || e.kind === 'api-call') {
      const s: Span = { tid: e.tid, kind: e.kind === 'entry-enter' ? 'entry' : 'api', name: String(e.fields.name ?? e.kind), start: i, end: events.length - 1, depth: stack.length, open: true }
      stack.push(s)
      spans.push(s)
    } else if (e.kind === 'entry-exit' || e.kind === 'api-return') {
      const kind = e.kind === 'entry-exit' ? 'entry' : 'api'
      // The innermost open span of this kind and name; an exit whose start is before the window starts a span there.
      const at = findLast(stack, (s) => s.kind === kind && s.name === e.fields.name)
      if (at >= 0) {
        const s = stack[at]!
        s.end = i
        s.open = false
        stack.splice(at)
      } else spans.push({ tid: e.tid, kind, name: String(e.fields.name ?? e.kind), start: 0, end: i, depth: 0, open: true })
    }
  })
  return spans
}

function findLast<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i
  return -1
}

/** The filter groups of the toolbar, by event kind. */
export function categoryOf(kind: string): Category {
  switch (kind) {
    case 'entry-enter':
    case 'entry-exit':
    case 'api-call':
    case 'api-return':
      return 'calls'
    case 'mem-read':
    case 'mem-write':
      return 'memory'
    case 'thread-switch':
      return 'switches'
    case 'interrupt':
      return 'interrupts'
    case 'fault':
    case 'driver-exception':
    case 'hang':
    case 'bugcheck':
      return 'faults'
    default:
      return 'other'
  }
}

export const CATEGORIES = ['calls', 'memory', 'switches', 'interrupts', 'faults', 'other'] as const
export type Category = (typeof CATEGORIES)[number]
