// The HTML report without a browser: one self-contained page, deterministic, the data safely embedded, the viewer
// bundle committed in its current form; `cedk report --format html` writes it.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { BUNDLE_FILE, bundleModule, bundleViewer } from '../../../../../scripts/viewer-bundle.js'
import { htmlData, renderHtml } from '../../../src/report/html/html-report.js'
import { stringifyReport } from '../../../src/report/index.js'
import { failingReport } from '../../helpers/sample-reports.js'
import { violationRec } from '../../helpers/synthetic-run.js'
import { cedk, tempDir } from '../../cli/helpers.js'

/** The embedded JSON, read back the way the page reads it. */
function embedded(html: string): ReturnType<typeof htmlData> {
  const m = /<script type="application\/json" id="cedk-data">([^]*?)<\/script>/.exec(html)
  return JSON.parse(m![1]!) as ReturnType<typeof htmlData>
}

test('the page embeds the report, the rules and a replay command per cell, and nothing it would fetch', () => {
  const report = failingReport()
  const html = renderHtml(report)
  expect(html.startsWith('<!doctype html>')).toBe(true)
  expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`)
  expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i)
  const data = embedded(html)
  expect(data.report).toEqual(report)
  expect(data.rules.find((r) => r.id === 'CE6-M01')).toMatchObject({ title: expect.any(String), quote: expect.any(String), fix: expect.any(String) })
  expect(data.replay['legacy.dll|kernel|marshalling']).toBe("CEDK_SEED=1 npx vitest run examples/legacy/spec/x.conformance.test.ts -t 'conformance of legacy\\.dll in kernel mode marshalling'")
  expect(renderHtml(report)).toBe(html)
})

test('text from the driver cannot end the data script or inject markup', () => {
  const report = failingReport()
  report.drivers[1]!.modes.kernel!.violations.push(violationRec({ message: '</script><script>alert(1)</script> <!-- \u2028' }))
  const html = renderHtml(report, { title: '<b>"x"</b>' })
  expect(html.match(/<\/script>/g)).toHaveLength(2)
  expect(html).toContain('<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>')
  expect(embedded(html).report.drivers[1]!.modes.kernel!.violations.at(-1)!.message).toBe('</script><script>alert(1)</script> <!-- \u2028')
})

test('the committed viewer bundle is what esbuild makes of viewer/ now (npm run html:bundle rebuilds it)', async () => {
  expect(readFileSync(BUNDLE_FILE, 'utf8')).toBe(bundleModule(await bundleViewer()))
}, 30_000)

test('cedk report --format html --out writes the page', async () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'cedk-report.json'), stringifyReport(failingReport()))
  const r = await cedk(dir, 'report', '--format', 'html', '--out', 'site/cedk-report.html')
  expect(r).toMatchObject({ code: 1, err: 'wrote site/cedk-report.html' })
  expect(embedded(readFileSync(join(dir, 'site/cedk-report.html'), 'utf8')).report).toEqual(failingReport())
})
