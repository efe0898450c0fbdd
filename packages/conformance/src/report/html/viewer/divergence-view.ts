// A divergence (CE6-R07) side by side: what the step gave in kernel mode and in udevice, the calls each mode made
// during the step aligned by call, and each mode's timeline of the step.
import type { ExportedEvent, TraceExport } from '@cedk/kernel'
import type { ViolationRecord } from '../../case-record.js'
import { h } from './dom.js'
import { timeline } from './timeline.js'

type Traces = { kernel?: TraceExport; udevice?: TraceExport }

export function divergenceView(v: ViolationRecord, traces: Traces): HTMLElement {
  const detail = (v.detail ?? {}) as { kernel?: unknown; udevice?: unknown }
  return h(
    'div',
    { class: 'divergence' },
    h('h5', {}, 'the step in both modes'),
    h('div', { class: 'side-by-side' },
      h('div', { class: 'mode-col', 'data-mode': 'kernel' }, h('h6', {}, 'kernel mode'), h('pre', {}, pretty(detail.kernel))),
      h('div', { class: 'mode-col', 'data-mode': 'udevice' }, h('h6', {}, 'udevice'), h('pre', {}, pretty(detail.udevice))),
    ),
    traces.kernel || traces.udevice ? alignedCalls(traces) : h('p', { class: 'muted' }, 'No trace of the step in the report.'),
    traces.kernel || traces.udevice
      ? h('div', { class: 'side-by-side timelines' },
          h('div', { class: 'mode-col', 'data-mode': 'kernel' }, traces.kernel ? timeline(traces.kernel, { title: 'kernel mode', focus: null }) : h('p', {}, 'no kernel-mode trace')),
          h('div', { class: 'mode-col', 'data-mode': 'udevice' }, traces.udevice ? timeline(traces.udevice, { title: 'udevice', focus: null }) : h('p', {}, 'no udevice trace')),
        )
      : null,
  )
}

/** The entry-point and API calls of the step in each mode, row by row, the first differing row marked. */
function alignedCalls(traces: Traces): HTMLElement {
  const k = calls(traces.kernel)
  const u = calls(traces.udevice)
  const rows = Math.max(k.length, u.length)
  let marked = false
  const body: HTMLElement[] = []
  for (let i = 0; i < rows; i++) {
    const same = k[i] === u[i]
    const first = !same && !marked
    if (first) marked = true
    body.push(h('tr', { class: same ? '' : first ? 'differs first' : 'differs' }, h('td', {}, String(i + 1)), h('td', {}, k[i] ?? '—'), h('td', {}, u[i] ?? '—')))
  }
  return h('table', { class: 'aligned' }, h('caption', {}, 'calls during the step, aligned by call'), h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'kernel mode'), h('th', {}, 'udevice'))), h('tbody', {}, body))
}

/** "→ IOControl", "← IOControl = 0x1", "CeOpenCallerBuffer = 0x0 (87)": the calls, without the addresses that differ by mode. */
function calls(t: TraceExport | undefined): string[] {
  return (t?.events ?? []).flatMap((e: ExportedEvent) => {
    const name = String(e.fields.name ?? '').replace(/^[^!]*!/, '')
    if (e.kind === 'entry-enter') return [`→ ${name}`]
    if (e.kind === 'entry-exit') return [`← ${name} = ${String(e.fields.result)}`]
    if (e.kind === 'api-return') return [`${name} = ${String(e.fields.result)}${e.fields.lastError ? ` (error ${String(e.fields.lastError)})` : ''}`]
    return []
  })
}

/** The observation as indented JSON, arrays of numbers (output bytes) kept on one line. */
function pretty(x: unknown): string {
  return JSON.stringify(x ?? null, null, 1).replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_m, inner: string) => `[${inner.replace(/\s+/g, ' ')}]`)
}
