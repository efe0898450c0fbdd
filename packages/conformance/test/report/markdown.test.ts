// The Markdown summary for CI job summaries.
import { expect, test } from 'vitest'
import { diffReports } from '../../src/report/baseline.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { cleanReport, failingReport } from '../helpers/sample-reports.js'

test('a clean run: headline with the modes, the matrix as a table, the plan', () => {
  const md = renderMarkdown(cleanReport())
  expect(md).toContain('## ✅ CE6 conformance: kernel ✓ udevice ✓')
  expect(md).toContain('| driver | mode | marshalling | async-buffers | callbacks | privileges | ui | robustness |')
  expect(md).toContain('| `good.dll` | kernel | ✅ pass |')
  expect(md).toContain('Plan: 12 cases planned, 12 run.')
  expect(md).not.toContain('### Findings')
  expect(md.endsWith('\n')).toBe(true)
})

test('a failing run: each finding once with its count, crashes and waivers marked, table-breaking text escaped', () => {
  const md = renderMarkdown(failingReport())
  expect(md).toContain('## ❌ CE6 conformance: kernel ✗ udevice ~')
  expect(md).toContain('| `legacy.dll` | kernel | ❌ violation 2 |')
  expect(md).toContain('💥 crash 1')
  expect(md).toContain('- ❌ `legacy.dll` kernel **CE6-M01** in `Read`')
  expect(md).toContain('a \\| pipe \\<b\\>')
  expect(md).toContain('- 💥 `legacy.dll` kernel driver-crash in "load and unload": did not complete: Init threw')
  expect(md).toContain('🟡 `legacy.dll` udevice **CE6-U01**')
  expect(md).toContain('_(waived: issue #12, until 2030-01-01)_')
})

test('findings are capped, and the baseline section lists what was fixed and broken', () => {
  const md = renderMarkdown(failingReport(), { maxFindings: 1, baseline: diffReports(cleanReport(), failingReport()) })
  expect(md).toMatch(/- … and \d+ more \(see `cedk-report.json`\)/)
  expect(md).toContain('### Against the baseline')
  expect(md).toContain('#### 🛠️ Fixed (')
  expect(md).toMatch(/#### 💔 Broken \(\d+\)/)
})

test("a finding that names the driver's source line shows it", () => {
  const report = failingReport()
  for (const d of report.drivers) for (const m of Object.values(d.modes)) for (const v of m!.violations) v.source = ['src/legacy.ts:42:7 (getInfo)']
  expect(renderMarkdown(report)).toContain('- ❌ `legacy.dll` kernel **CE6-M01** in `Read` (at `src/legacy.ts:42:7`), scenario')
})
