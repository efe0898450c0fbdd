// The failed property tests of the run: each with its shrunk program (the calls, what each mode gave, the values the
// driver saw), the replay command, and the counterexample's whole trace in each mode.
import type { TraceExport } from '@cedk/kernel'
import type { HtmlData } from '../model.js'
import { replayBox } from './case-view.js'
import { h } from './dom.js'
import { timeline } from './timeline.js'

export function propertyFailures(data: HtmlData): HTMLElement | null {
  const list = data.report.properties ?? []
  if (!list.length) return null
  return h(
    'section',
    { class: 'properties', id: 'properties' },
    h('h2', {}, `${list.length} failed propert${list.length === 1 ? 'y' : 'ies'}`),
    list.map((p, i) =>
      h('article', { class: 'violation property', id: `property-${i}`, 'data-property': p.property },
        h('h4', {}, h('span', { class: 'rule-id' }, p.property), ` ${p.dll}`, h('span', { class: 'muted' }, ` · ${p.module}`)),
        h('pre', { class: 'program' }, p.text),
        replayBox(p.replay),
        p.traces.length
          ? h('div', { class: p.traces.length === 2 ? 'side-by-side timelines' : '' }, p.traces.map((t) => h('div', { class: 'mode-col', 'data-mode': t.mode }, timeline(t.trace, { title: `the counterexample in ${t.mode} mode`, focus: firstFault(t.trace) }))))
          : h('p', { class: 'muted' }, 'No trace of the counterexample (a model property replays commands, not a program).'),
      ),
    ),
  )
}

/** The counterexample's first fault or escaped exception: where the property broke, highlighted like a violation. */
function firstFault(t: TraceExport): number | null {
  return t.events.find((e) => e.kind === 'fault' || e.kind === 'driver-exception' || e.kind === 'bugcheck')?.seq ?? null
}
