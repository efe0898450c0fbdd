// A cell of the matrix opened: its violations (rule, quote, fix, evidence, the driver's stack, the trace timeline),
// the scenarios that went wrong, and the command that replays the cell.
import type { TraceExport } from '@cedk/kernel'
import type { ScenarioFailure, ViolationRecord } from '../../case-record.js'
import { cellKey, type HtmlData, type RuleInfo } from '../model.js'
import { divergenceView } from './divergence-view.js'
import { h, hex8 } from './dom.js'
import { timeline } from './timeline.js'

export function caseView(data: HtmlData, dll: string, mode: string, family: string): HTMLElement {
  const m = data.report.drivers.find((d) => d.label === dll)?.modes[mode as 'kernel']
  const cell = m?.families[family as 'marshalling']
  if (!m || !cell) return h('section', { class: 'case', id: 'case' }, h('p', {}, `No cell ${dll} ${mode} ${family} in this report.`))
  const violations = m.violations.filter((v) => v.family === family)
  const failures = m.failures.filter((f) => f.family === family)
  const replay = data.replay[cellKey(dll, mode, family)]
  return h(
    'section',
    { class: 'case', id: 'case', 'aria-labelledby': 'case-title' },
    h('h2', { id: 'case-title', tabindex: -1 }, `${dll} · ${mode} mode · ${family}`, h('span', { class: `verdict v-${cell.verdict}` }, cell.verdict)),
    h('p', { class: 'muted' }, `seed ${m.seed} · scenarios: ${m.scenarios.length} · spec: ${m.modules.join(', ') || '—'}`),
    replay ? replayBox(replay) : null,
    violations.length ? h('h3', {}, `${violations.length} violation${violations.length === 1 ? '' : 's'}`) : null,
    violations.map((v, i) => violationCard(v, i, data.rules)),
    failures.length ? h('h3', {}, `${failures.length} scenario failure${failures.length === 1 ? '' : 's'}`) : null,
    failures.map(failureCard),
    !violations.length && !failures.length ? h('p', {}, cell.verdict === 'not-applicable' ? 'No rule of this family applies in this mode.' : 'Nothing found: every rule of the family held in every scenario.') : null,
  )
}

export function replayBox(cmd: string): HTMLElement {
  const code = h('code', { class: 'replay-cmd' }, cmd)
  const status = h('span', { class: 'copy-status', 'aria-live': 'polite' })
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(cmd)
    } catch {
      // file:// pages may not get the async clipboard: copy the selected text instead.
      const range = document.createRange()
      range.selectNodeContents(code)
      getSelection()?.removeAllRanges()
      getSelection()?.addRange(range)
      document.execCommand('copy')
    }
    status.textContent = 'copied'
  }
  return h('div', { class: 'replay' }, h('span', {}, 'replay: '), code, h('button', { type: 'button', class: 'copy', onclick: () => void copy() }, 'copy'), status)
}

function violationCard(v: ViolationRecord, i: number, rules: readonly RuleInfo[]): HTMLElement {
  const rule = rules.find((r) => r.id === v.rule)
  const traces = divergenceTraces(v)
  return h(
    'article',
    { class: `violation${v.waiver ? ' waived' : ''}`, id: `violation-${i}`, 'data-rule': v.rule },
    h('h4', {}, h('a', { href: `#rule-${v.rule}`, class: 'rule-id' }, v.rule), ' ', rule?.title ?? v.rule, h('span', { class: `pill ${v.severity}` }, v.severity), v.waiver ? h('span', { class: 'pill waived' }, `waived until ${v.waiver.expires}: ${v.waiver.reason}`) : null),
    rule ? h('blockquote', { class: 'quote' }, rule.quote, h('cite', {}, ` — ${rule.source === 'seed' ? 'the CE6 driver article' : rule.source}`)) : null,
    h('dl', { class: 'facts' },
      field('what', shortMessage(v, rule)),
      v.scenario ? field('scenario', v.scenario) : null,
      field('where', `${v.driver}!${v.entry} (${v.mode} mode)`),
      v.address !== undefined ? field('memory', `${hex8(v.address)}${v.size !== undefined ? ` +${v.size}` : ''}${v.origin ? ` (origin ${v.origin})` : ''}`) : null,
      field('event', v.event ? h('code', {}, v.event.text) : 'none (found at the end of the run)'),
      v.stack.length ? field('stack', h('ol', { class: 'stack' }, v.stack.map((f) => h('li', {}, h('code', {}, f))))) : null,
      sourceLines(v).length ? field('source', h('ol', { class: 'stack' }, sourceLines(v).map((f) => h('li', {}, h('code', {}, f))))) : null,
      field('fix', h('span', { class: 'fix' }, v.fix)),
    ),
    traces ? divergenceView(v, traces) : v.rule === 'CE6-R07' ? divergenceView(v, {}) : null,
    !traces && v.trace ? timeline(v.trace, { title: 'trace around the violation' }) : null,
    !traces && !v.trace && v.event ? h('p', { class: 'muted' }, 'No trace for this violation in the report (only the first violations of a scenario carry one).') : null,
  )
}

function divergenceTraces(v: ViolationRecord): { kernel?: TraceExport; udevice?: TraceExport } | undefined {
  const t = v.traces
  return t && (t.kernel || t.udevice) ? t : undefined
}

/**
 * The driver's source lines behind the evidence, file:line:column, from the JavaScript stack an exception's event
 * carries ("stack" in its detail) — the driver code that faulted.
 */
function sourceLines(v: ViolationRecord): string[] {
  const text = v.event?.text ?? ''
  const at = text.indexOf('{')
  if (at < 0) return []
  let stack: unknown
  try {
    stack = (JSON.parse(text.slice(at)) as { stack?: unknown }).stack
  } catch {
    return []
  }
  if (typeof stack !== 'string') return []
  return stack.split('\n').map((l) => l.trim().replace(/^at /, '')).filter((l) => /:\d+:\d+\)?$/.test(l))
}

function failureCard(f: ScenarioFailure): HTMLElement {
  return h('article', { class: 'failure' }, h('h4', {}, h('span', { class: `verdict v-${f.verdict}` }, f.verdict), ` in scenario “${f.scenario}”`), h('p', {}, f.message))
}

function field(name: string, value: Node | string): HTMLElement[] {
  return [h('dt', {}, name), h('dd', {}, value)]
}

/** The message without the "CE6-M01 <title>: " it may start with (the title is shown beside it). */
function shortMessage(v: ViolationRecord, rule: RuleInfo | undefined): string {
  return rule ? v.message.replace(`${v.rule} ${rule.title}: `, '') : v.message
}
