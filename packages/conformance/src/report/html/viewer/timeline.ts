// The trace timeline of one case: one lane per thread, grouped by process, events in the order they ran (x = the
// event's place in the trace; the axis labels the virtual time, which stands still while threads run — see
// docs/decisions.md). Entry points and API calls are spans, memory accesses marks coloured by the origin of the
// memory, thread switches connectors, interrupts and faults marks of their own. The violating event is highlighted
// and scrolled into view; hover or the arrow keys show an event's details; zoom, pan and filter by kind.
import type { ExportedEvent, TraceExport } from '@cedk/kernel'
import { h, svg } from './dom.js'
import { CATEGORIES, categoryOf, lanesOf, spansOf, type Category, type Lane } from './lanes.js'

const LABEL_W = 190
const LANE_H = 26
const GROUP_H = 20
const AXIS_H = 22
const BASE_STEP = 9
const ZOOMS = [0.35, 0.5, 0.75, 1, 1.5, 2, 3, 4.5] as const

export const ORIGINS = ['param', 'marshalled', 'duplicate', 'async', 'own', 'device', 'caller', 'kernel', 'none'] as const

export interface TimelineOptions {
  /** The label over the timeline (e.g. "kernel mode"). */
  title?: string
  /** The event to highlight (default: the export's focus). */
  focus?: number | null
}

interface Row {
  lane: Lane
  y: number
}

export function timeline(t: TraceExport, options: TimelineOptions = {}): HTMLElement {
  const focus = options.focus === undefined ? t.focus : options.focus
  const { lanes, groups } = lanesOf(t)
  const rows = layoutRows(lanes)
  const height = AXIS_H + rows.reduce((hgt, r) => Math.max(hgt, r.y + LANE_H), 0) + 4
  const spans = spansOf(t.events)
  const focusIndex = t.events.findIndex((e) => e.seq === focus)
  const hidden = new Set<Category>()
  let zoom = 3
  let selected = focusIndex >= 0 ? focusIndex : 0

  const details = h('div', { class: 'tl-details', 'aria-live': 'polite' })
  const tooltip = h('div', { class: 'tl-tooltip', role: 'tooltip', hidden: true })
  const labels = h('div', { class: 'tl-labels', style: `width:${LABEL_W}px` })
  const scroller = h('div', { class: 'tl-scroll', tabindex: 0, 'aria-label': `${options.title ?? 'trace'} timeline: arrow keys move between events, + and - zoom, f goes to the violating event` })
  const canvas = h('div', { class: 'tl-canvas' })
  scroller.append(canvas)

  const rowOf = new Map(rows.map((r) => [r.lane.tid, r]))
  const step = (): number => BASE_STEP * ZOOMS[zoom]!
  const xOf = (i: number): number => 8 + i * step()

  function draw(): void {
    const width = xOf(t.events.length) + 16
    const root = svg('svg', { class: 'tl-svg', width, height, role: 'img', 'aria-label': `${t.events.length} events` })
    root.append(axis(t.events, xOf, height), ...rows.map((r, i) => svg('rect', { class: i % 2 ? 'tl-lane odd' : 'tl-lane', x: 0, y: r.y, width, height: LANE_H })))
    if (!hidden.has('calls')) for (const s of spans) root.append(spanShape(s, rowOf.get(s.tid), xOf, step()))
    t.events.forEach((e, i) => {
      if (hidden.has(categoryOf(e.kind))) return
      const shape = eventShape(e, xOf(i), rowOf, step())
      if (shape) root.append(shape)
    })
    if (focusIndex >= 0) root.append(svg('rect', { class: 'tl-focus', 'data-seq': focus ?? '', x: xOf(focusIndex) - 3, y: AXIS_H - 4, width: step() + 6, height: height - AXIS_H + 4, rx: 3 }))
    root.append(svg('rect', { class: 'tl-cursor', x: xOf(selected), y: AXIS_H, width: Math.max(step(), 2), height: height - AXIS_H }))
    canvas.replaceChildren(root)
  }

  function show(i: number, scroll: boolean): void {
    selected = Math.max(0, Math.min(t.events.length - 1, i))
    const e = t.events[selected]
    details.replaceChildren(e ? eventDetails(e, t, e.seq === focus) : 'no events')
    const cursor = canvas.querySelector('.tl-cursor')
    cursor?.setAttribute('x', String(xOf(selected)))
    if (scroll) scroller.scrollLeft = Math.max(0, xOf(selected) - scroller.clientWidth / 2)
  }

  function setZoom(z: number): void {
    const center = (scroller.scrollLeft + scroller.clientWidth / 2) / step()
    zoom = Math.max(0, Math.min(ZOOMS.length - 1, z))
    draw()
    scroller.scrollLeft = Math.max(0, center * step() - scroller.clientWidth / 2)
  }

  scroller.addEventListener('mousemove', (ev) => {
    const rect = canvas.getBoundingClientRect()
    const i = Math.floor((ev.clientX - rect.left - 8) / step())
    const e = t.events[i]
    if (!e || ev.clientY - rect.top < AXIS_H) return void (tooltip.hidden = true)
    tooltip.hidden = false
    tooltip.replaceChildren(h('strong', {}, `#${e.seq} ${e.kind}`), h('div', {}, e.text))
    tooltip.style.left = `${ev.clientX + 14}px`
    tooltip.style.top = `${ev.clientY + 14}px`
  })
  scroller.addEventListener('mouseleave', () => void (tooltip.hidden = true))
  scroller.addEventListener('click', (ev) => {
    const rect = canvas.getBoundingClientRect()
    const i = Math.floor((ev.clientX - rect.left - 8) / step())
    if (t.events[i]) show(i, false)
  })
  scroller.addEventListener('wheel', (ev) => {
    if (!ev.ctrlKey) return
    ev.preventDefault()
    setZoom(zoom + (ev.deltaY < 0 ? 1 : -1))
  }, { passive: false })
  dragToPan(scroller)
  scroller.addEventListener('keydown', (ev) => {
    const keys: Record<string, () => void> = {
      ArrowRight: () => show(nextVisible(selected, 1), true),
      ArrowLeft: () => show(nextVisible(selected, -1), true),
      Home: () => show(0, true),
      End: () => show(t.events.length - 1, true),
      '+': () => setZoom(zoom + 1),
      '=': () => setZoom(zoom + 1),
      '-': () => setZoom(zoom - 1),
      f: () => focusIndex >= 0 && show(focusIndex, true),
    }
    const k = keys[ev.key]
    if (!k) return
    ev.preventDefault()
    k()
  })
  const nextVisible = (from: number, dir: 1 | -1): number => {
    for (let i = from + dir; i >= 0 && i < t.events.length; i += dir) if (!hidden.has(categoryOf(t.events[i]!.kind))) return i
    return from
  }

  const toolbar = h(
    'div',
    { class: 'tl-toolbar', role: 'toolbar', 'aria-label': 'timeline controls' },
    h('button', { type: 'button', onclick: () => setZoom(zoom - 1), 'aria-label': 'zoom out' }, '−'),
    h('button', { type: 'button', onclick: () => setZoom(zoom + 1), 'aria-label': 'zoom in' }, '+'),
    h('button', { type: 'button', class: 'tl-goto', onclick: () => focusIndex >= 0 && show(focusIndex, true), disabled: focusIndex < 0 }, 'violating event'),
    h('span', { class: 'tl-filters' }, 'show:', CATEGORIES.map((c) =>
      h('label', {}, h('input', { type: 'checkbox', checked: true, 'data-category': c, onchange: (ev: Event) => {
        if ((ev.target as HTMLInputElement).checked) hidden.delete(c)
        else hidden.add(c)
        draw()
        show(selected, false)
      } }), ` ${c}`),
    )),
  )
  for (const r of rows) labels.append(h('div', { class: 'tl-label', style: `top:${r.y}px;height:${LANE_H}px`, title: r.lane.label }, r.lane.label))
  groups.forEach((g, gi) => {
    const first = rows.find((r) => r.lane.group === gi)
    if (first) labels.append(h('div', { class: `tl-group tl-group-${g.kind}`, style: `top:${first.y - GROUP_H}px;height:${GROUP_H}px` }, g.label))
  })
  labels.style.height = `${height}px`

  const omitted = t.omitted.before || t.omitted.after ? `; ${t.omitted.before} earlier and ${t.omitted.after} later events of the run are not in the report` : ''
  const box = h(
    'section',
    { class: 'timeline', 'data-events': t.events.length },
    options.title ? h('h4', {}, options.title) : null,
    toolbar,
    h('div', { class: 'tl-body' }, labels, scroller),
    legend(),
    h('p', { class: 'muted' }, `events #${t.from}–#${t.to} of the trace${omitted}. x: the order the events ran in; the axis marks virtual time where it moved.`),
    details,
    tooltip,
  )
  draw()
  show(selected, false)
  // Scrolled once the page has laid the timeline out (clientWidth is 0 before).
  requestAnimationFrame(() => show(selected, true))
  return box
}

function layoutRows(lanes: readonly Lane[]): Row[] {
  const rows: Row[] = []
  let y = AXIS_H
  let group = -1
  for (const lane of lanes) {
    if (lane.group !== group) {
      y += GROUP_H
      group = lane.group
    }
    rows.push({ lane, y })
    y += LANE_H
  }
  return rows
}

function axis(events: readonly ExportedEvent[], xOf: (i: number) => number, height: number): SVGGElement {
  const g = svg('g', { class: 'tl-axis' })
  let last = Number.NaN
  let lastX = -Infinity
  events.forEach((e, i) => {
    if (e.time === last) return
    last = e.time
    const x = xOf(i)
    g.append(svg('line', { x1: x, x2: x, y1: AXIS_H - 6, y2: height, class: 'tl-tick' }))
    if (x - lastX < 70) return
    lastX = x
    g.append(svg('text', { x: x + 2, y: 14 }, `${e.time.toFixed(e.time % 1 ? 3 : 0)} ms`))
  })
  return g
}

function spanShape(s: ReturnType<typeof spansOf>[number], row: Row | undefined, xOf: (i: number) => number, step: number): SVGElement {
  if (!row) return svg('g')
  const y = row.y + 3 + Math.min(s.depth, 3) * 3
  const x = xOf(s.start)
  const w = Math.max(xOf(s.end) - x + step, 2)
  return svg('rect', { class: `tl-span tl-span-${s.kind}${s.open ? ' open' : ''}`, x, y, width: w, height: LANE_H - 8 - Math.min(s.depth, 3) * 3, rx: 2 }, svg('title', {}, `${s.kind === 'entry' ? 'entry point' : 'API'} ${s.name}${s.open ? ' (not finished in this window)' : ''}`))
}

function eventShape(e: ExportedEvent, x: number, rows: ReadonlyMap<number, Row>, step: number): SVGElement | null {
  const row = rows.get(e.tid)
  if (!row) return null
  const mid = row.y + LANE_H / 2
  const w = Math.max(step - 1, 2)
  const attrs = { 'data-seq': e.seq, 'data-kind': e.kind }
  switch (e.kind) {
    case 'mem-read':
    case 'mem-write': {
      const origin = String(e.fields.origin ?? 'none')
      const tall = e.kind === 'mem-write' ? LANE_H - 6 : LANE_H - 12
      return svg('rect', { ...attrs, class: `tl-mem origin-${origin}${e.kind === 'mem-write' ? ' write' : ''}`, x, y: mid - tall / 2, width: w, height: tall })
    }
    case 'thread-switch': {
      const from = rows.get(Number(e.fields.from))
      const to = rows.get(Number(e.fields.to))
      if (!from || !to) return null
      return svg('line', { ...attrs, class: 'tl-switch', x1: x + w / 2, x2: x + w / 2, y1: from.y + LANE_H / 2, y2: to.y + LANE_H / 2 })
    }
    case 'interrupt':
      return svg('path', { ...attrs, class: 'tl-interrupt', d: `M${x + w / 2} ${row.y + 2} l-4 ${LANE_H / 2} h8 l-4 ${LANE_H / 2 - 4}` })
    case 'fault':
    case 'driver-exception':
    case 'hang':
    case 'bugcheck':
      return svg('path', { ...attrs, class: 'tl-fault', d: `M${x} ${row.y + 4} l${w} ${LANE_H - 8} M${x + w} ${row.y + 4} l${-w} ${LANE_H - 8}` })
    case 'entry-enter':
    case 'entry-exit':
    case 'api-call':
    case 'api-return':
      return null // drawn as spans
    default:
      return svg('circle', { ...attrs, class: 'tl-other', cx: x + w / 2, cy: mid, r: 2.5 })
  }
}

function eventDetails(e: ExportedEvent, t: TraceExport, isFocus: boolean): HTMLElement {
  const thread = t.threads.find((th) => th.tid === e.tid)
  const proc = thread ? t.processes.find((p) => p.pid === thread.pid) : undefined
  return h(
    'div',
    { class: isFocus ? 'tl-event focus' : 'tl-event' },
    h('div', {}, h('strong', {}, `#${e.seq} ${e.kind}`), isFocus ? h('span', { class: 'pill bad' }, 'the violating event') : null, ` at ${e.time} ms on `, e.tid ? `t${e.tid} ${thread?.name ?? ''}` : 'no thread', proc ? ` in ${proc.name}` : ''),
    h('code', {}, e.text),
    h('dl', {}, Object.entries(e.fields).map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'number' && v > 0xffff ? `0x${v.toString(16).padStart(8, '0')}` : String(v))])),
  )
}

function legend(): HTMLElement {
  return h(
    'div',
    { class: 'tl-legend' },
    'memory by origin:',
    ORIGINS.map((o) => h('span', { class: 'legend-item' }, h('span', { class: `swatch origin-${o}` }), o)),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch tl-span-entry' }), 'entry point'),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch tl-span-api' }), 'API call'),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch fault' }), 'fault'),
  )
}

/** Drag with the mouse to pan (the native scrollbars and wheel pan too). */
function dragToPan(el: HTMLElement): void {
  let from: { x: number; y: number; left: number; top: number } | null = null
  el.addEventListener('mousedown', (ev) => void (from = { x: ev.clientX, y: ev.clientY, left: el.scrollLeft, top: el.scrollTop }))
  window.addEventListener('mouseup', () => void (from = null))
  el.addEventListener('mousemove', (ev) => {
    if (!from || !(ev.buttons & 1)) return
    el.scrollLeft = from.left - (ev.clientX - from.x)
    el.scrollTop = from.top - (ev.clientY - from.y)
  })
}
