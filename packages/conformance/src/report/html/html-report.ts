// cedk-report.html: one self-contained page (no network, no server) that shows a cedk-report.json — the matrix, each
// cell's cases, each violation with its rule and the trace timeline around it. The page is the report's data as JSON
// plus the viewer (viewer/), bundled by esbuild into viewer-bundle.ts ahead of time (npm run html:bundle; a test
// checks that the committed bundle is current — see docs/decisions.md, "The HTML report").
import { readFileSync } from 'node:fs'
import { FAMILIES } from '../../rules/family.js'
import { RULES } from '../../rules/table.js'
import { rerunCommand } from '../../spec-api/failure-message.js'
import { conformanceSuiteName } from '../case-record.js'
import { driverModes } from '../json-report.js'
import { VIEWER_CSS, VIEWER_JS } from './viewer-bundle.js'
import { cellKey, type HtmlData, type ReportWithStatic } from './model.js'

export const DEFAULT_HTML_FILE = 'cedk-report.html'

export interface HtmlOptions {
  /** The page's title; default "cedk conformance report". */
  title?: string
}

/** The page for `report`, as one string. Deterministic: the same report gives the same bytes. */
export function renderHtml(report: ReportWithStatic, options: HtmlOptions = {}): string {
  const title = options.title ?? 'cedk conformance report'
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may leave the page: no fetch, no image, no font from anywhere but the page itself.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${VIEWER_CSS}</style>`,
    '</head>',
    '<body>',
    `<noscript>This report needs JavaScript to draw; the data is in the cedk-report.json it was made from.</noscript>`,
    `<div id="app" data-title="${escapeHtml(title)}"></div>`,
    `<script type="application/json" id="cedk-data">${scriptJson(htmlData(report))}</script>`,
    `<script>${scriptText(VIEWER_JS)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

export function htmlData(report: ReportWithStatic): HtmlData {
  const replay: Record<string, string> = {}
  // Cells are keyed by the row's label (the DLL, with its spec files when another row has the same DLL name).
  for (const { dll, label, mode, m } of driverModes(report.drivers)) {
    for (const f of FAMILIES) {
      if (!m.families[f.id]) continue
      replay[cellKey(label, mode, f.id)] = rerunCommand({ file: m.modules[0], names: [conformanceSuiteName(dll, mode), f.id], seed: m.seed, pinned: false })
    }
  }
  const rules = RULES.map((r) => ({ id: r.id, name: r.name, title: r.title, family: r.family, severity: r.severity, quote: r.quote, source: r.source, fix: r.fix, detect: r.detect }))
  return { report, rules, replay, version: packageVersion() }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/** JSON inside <script>: no "</script>" or "<!--" can end the element early. */
function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** The bundled viewer inside <script>: only a literal "</script" could end it early. */
function scriptText(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script')
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
