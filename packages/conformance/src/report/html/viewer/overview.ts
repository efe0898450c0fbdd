// The report's first screen: the run's outcome, seed, version and plan; the driver × mode × family matrix (each
// cell a button that opens its cases); load errors, expectations, static findings by rule; the rule catalogue.
import { cellKey, type HtmlData } from '../model.js'
import { h } from './dom.js'

export const FAMILY_IDS = ['marshalling', 'async-buffers', 'callbacks', 'privileges', 'ui', 'robustness'] as const

export function header(data: HtmlData, title: string): HTMLElement {
  const r = data.report
  const cells = Object.entries(r.summary.cells).filter(([, n]) => n > 0)
  return h(
    'header',
    { class: 'top' },
    h('h1', {}, title, h('span', { class: `pill ${r.ok ? 'good' : 'bad'}`, id: 'outcome' }, r.ok ? 'ok' : 'failing')),
    h('p', { class: 'muted' }, `seed ${r.seed}`, r.shard ? ` · shard ${r.shard.index}/${r.shard.count}` : '', ` · ${r.schema} · @cedk/conformance ${data.version}`,
      ` · plan: ${r.plan.planned} cases planned, ${r.plan.run} run`),
    h('ul', { class: 'counts' },
      cells.map(([v, n]) => h('li', {}, h('span', { class: `verdict v-${v}` }, v), ` ${n}`)),
      h('li', {}, `violations ${r.summary.violations}`),
      h('li', {}, `waived ${r.summary.waived}`),
      h('li', {}, `tests ${r.summary.tests.passed} passed, ${r.summary.tests.failed} failed, ${r.summary.tests.skipped} skipped`),
      r.properties?.length ? h('li', {}, h('a', { href: '#properties' }, `failed properties ${r.properties.length}`)) : null,
    ),
  )
}

export function matrix(data: HtmlData, open: (dll: string, mode: string, family: string) => void): HTMLElement {
  // A row is a driver (its DLL and definition): two with one DLL name are told apart by their label.
  const rows = data.report.drivers.flatMap((d) => (['kernel', 'udevice'] as const).flatMap((mode) => (d.modes[mode] ? [{ dll: d.label, mode, m: d.modes[mode] }] : [])))
  return h(
    'table',
    { class: 'matrix', 'aria-label': 'conformance matrix: drivers and modes by rule family' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'driver'), h('th', { scope: 'col' }, 'mode'), FAMILY_IDS.map((f) => h('th', { scope: 'col' }, f)))),
    h('tbody', {}, rows.map(({ dll, mode, m }) =>
      h('tr', {}, h('th', { scope: 'row' }, dll), h('td', {}, mode), FAMILY_IDS.map((f) => {
        const cell = m.families[f]
        if (!cell) return h('td', { class: 'cell none' }, '')
        const counts = [cell.violations && `${cell.violations} violation${cell.violations === 1 ? '' : 's'}`, cell.waived && `${cell.waived} waived`, cell.warnings && `${cell.warnings} warning${cell.warnings === 1 ? '' : 's'}`, cell.failures && `${cell.failures} failure${cell.failures === 1 ? '' : 's'}`].filter(Boolean).join(', ')
        return h('td', { class: 'cell' }, h('button', {
          type: 'button', class: `cell-btn v-${cell.verdict}`, 'data-cell': cellKey(dll, mode, f),
          'aria-label': `${dll} ${mode} ${f}: ${cell.verdict}${counts ? `, ${counts}` : ''}`, onclick: () => open(dll, mode, f),
        }, cell.verdict, counts ? h('small', {}, counts) : null))
      })),
    )),
  )
}

export function problems(data: HtmlData): HTMLElement | null {
  const r = data.report
  const items: (HTMLElement | string)[] = [
    ...r.errors.map((e) => h('li', {}, h('strong', {}, e.module), `: ${e.message}`)),
    ...r.plan.problems.map((p) => h('li', {}, `plan: ${p}`)),
    ...r.expectations.expired.map((w) => h('li', {}, `expired waiver: ${JSON.stringify(w)}`)),
    ...r.expectations.unexpectedPasses.map((w) => h('li', {}, `unexpected pass (the waived rule held): ${JSON.stringify(w)}`)),
    ...(r.expectations.error ? [h('li', {}, `expectations file ${r.expectations.file}: ${r.expectations.error}`)] : []),
  ]
  return items.length ? h('section', { class: 'problems' }, h('h2', {}, 'problems of the run'), h('ul', {}, items)) : null
}

export function staticFindings(data: HtmlData): HTMLElement | null {
  const by = data.report.byRule
  if (!by || !Object.keys(by).length) return null
  return h(
    'section',
    { class: 'static' },
    h('h2', {}, 'findings by rule (runtime and static)'),
    h('table', {}, h('thead', {}, h('tr', {}, ['rule', 'runtime', 'drivers', 'static', 'files'].map((c) => h('th', {}, c)))),
      h('tbody', {}, Object.entries(by).map(([id, f]) => h('tr', {}, h('td', {}, h('a', { href: `#rule-${id}` }, id)), h('td', {}, String(f.runtime)), h('td', {}, f.drivers.join(', ')), h('td', {}, String(f.static)), h('td', {}, f.files.join(', ')))))),
    data.report.static ? h('details', {}, h('summary', {}, `${data.report.static.findings.length} static findings in ${data.report.static.files} files`),
      h('ul', {}, data.report.static.findings.map((f) => h('li', {}, h('code', {}, `${f.file}:${f.line}:${f.column}`), ` ${f.rule} ${f.message}`)))) : null,
  )
}

export function ruleCatalogue(data: HtmlData): HTMLElement {
  return h(
    'details',
    { class: 'rules', id: 'rules' },
    h('summary', {}, `the ${data.rules.length} rules`),
    data.rules.map((r) => h('article', { class: 'rule', id: `rule-${r.id}` },
      h('h3', {}, `${r.id} ${r.name}`, h('span', { class: `pill ${r.severity}` }, r.severity)),
      h('p', {}, h('strong', {}, r.title)),
      h('blockquote', { class: 'quote' }, r.quote),
      h('p', {}, h('em', {}, 'detected: '), r.detect),
      h('p', {}, h('em', {}, 'fix: '), r.fix),
    )),
  )
}
