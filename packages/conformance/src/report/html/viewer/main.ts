// The viewer's entry point (bundled into the page by esbuild, see ../bundle.ts): reads the report embedded in the
// page, draws the overview, and opens a cell from a click or from the address (#cell=<dll>|<mode>|<family>, so a
// link to a case can be shared). The theme follows the system's light or dark, or the toggle.
import type { HtmlData } from '../model.js'
import { caseView } from './case-view.js'
import { h } from './dom.js'
import { header, matrix, problems, ruleCatalogue, staticFindings } from './overview.js'
import { propertyFailures } from './property-view.js'

function start(): void {
  const app = document.getElementById('app')!
  const data = JSON.parse(document.getElementById('cedk-data')!.textContent ?? '{}') as HtmlData
  const title = app.dataset.title ?? 'cedk conformance report'
  const caseSlot = h('div', { id: 'case-slot' })
  const open = (dll: string, mode: string, family: string, fromClick = true): void => {
    caseSlot.replaceChildren(caseView(data, dll, mode, family))
    for (const b of document.querySelectorAll('.cell-btn')) b.setAttribute('aria-pressed', String(b.getAttribute('data-cell') === `${dll}|${mode}|${family}`))
    if (fromClick) {
      history.replaceState(null, '', `#cell=${encodeURIComponent(`${dll}|${mode}|${family}`)}`)
      document.getElementById('case-title')?.focus()
    }
    document.getElementById('case')?.scrollIntoView({ block: 'start' })
  }
  app.replaceChildren(
    themeToggle(),
    header(data, title),
    problems(data) ?? '',
    h('section', { class: 'overview' }, h('h2', {}, 'drivers × modes × rule families'), h('p', { class: 'muted' }, 'Open a cell to see its cases.'), matrix(data, open)),
    caseSlot,
    propertyFailures(data) ?? '',
    staticFindings(data) ?? '',
    ruleCatalogue(data),
  )
  const m = /^#cell=(.+)$/.exec(location.hash)
  const parts = m ? decodeURIComponent(m[1]!).split('|') : []
  if (parts.length === 3) open(parts[0]!, parts[1]!, parts[2]!, false)
  // A link to a rule opens the catalogue first.
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#rule-')) (document.getElementById('rules') as HTMLDetailsElement).open = true
  })
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && caseSlot.firstChild) {
      caseSlot.replaceChildren()
      history.replaceState(null, '', location.pathname)
    }
  })
}

function themeToggle(): HTMLElement {
  const root = document.documentElement
  const themes = ['auto', 'light', 'dark'] as const
  let i = 0
  const button = h('button', { type: 'button', class: 'theme', 'aria-label': 'colour theme: auto' }, 'theme: auto')
  button.addEventListener('click', () => {
    i = (i + 1) % themes.length
    const t = themes[i]!
    if (t === 'auto') delete root.dataset.theme
    else root.dataset.theme = t
    button.textContent = `theme: ${t}`
    button.setAttribute('aria-label', `colour theme: ${t}`)
  })
  return button
}

start()
