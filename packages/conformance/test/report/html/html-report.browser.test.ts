// The HTML report in a real browser (headless Chromium): the report of a known failing run — the CE5 legacy driver,
// a driver whose answer depends on its mode and one whose property tests fail — opened from disk. A failing cell
// opens its cases with the rule and the fix; the timeline draws the violating event, highlights it and scrolls it
// into view; hovering shows the event; the divergence shows both modes; a failed property shows its shrunk program
// and trace; nothing is requested from the network; no console errors. Screenshots: .cedk/test-output/html-report/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { renderHtml } from '../../../src/report/html/html-report.js'
import type { CedkReport } from '../../../src/report/index.js'
import { cedk, FIXTURES, tempDir } from '../../cli/helpers.js'
import { chromiumPath, launchChromium, NO_CHROMIUM } from './chromium.js'

const OUT = new URL('../../../../../.cedk/test-output/html-report/', import.meta.url).pathname
const browserPath = chromiumPath()

describe.skipIf(!browserPath)('the HTML report in Chromium', () => {
  let context: BrowserContext
  let page: Page
  let report: CedkReport
  const requests: string[] = []
  const errors: string[] = []

  beforeAll(async () => {
    const dir = tempDir()
    const run = await cedk(FIXTURES, 'test', 'html/', '--config', 'vitest.fixtures.config.ts', '--reporter=dot', '--report-file', join(dir, 'r.json'), `--html=${join(dir, 'r.html')}`)
    expect(run.code).toBe(1)
    report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as CedkReport
    mkdirSync(OUT, { recursive: true })
    context = await launchChromium(browserPath!)
    page = await context.newPage()
    page.on('request', (r) => void requests.push(r.url()))
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())))
    page.on('pageerror', (e) => void errors.push(e.message))
    await page.goto(pathToFileURL(join(dir, 'r.html')).href)
  }, 60_000)

  afterAll(async () => {
    await context?.close()
  })

  test('a failing cell opens its cases: the rule, its fix, and the timeline with the violating event highlighted in view', async () => {
    await expect(page.locator('#outcome').textContent()).resolves.toBe('failing')
    const cell = page.locator('[data-cell="legacy.dll|kernel|marshalling"]')
    await expect(cell.textContent()).resolves.toContain('violation')
    await cell.click()
    const expected = report.drivers.find((d) => d.dll === 'legacy.dll')!.modes.kernel!.violations.find((v) => v.family === 'marshalling' && v.trace)!
    const card = page.locator(`article.violation[data-rule="${expected.rule}"]`).first()
    const text = await card.textContent()
    expect(text).toContain(expected.rule)
    expect(text).toContain(report.rules.find((r) => r.id === expected.rule)!.title)
    expect(text).toContain(expected.fix)
    await expect(page.locator('#case .replay-cmd').first().textContent()).resolves.toMatch(/^CEDK_SEED=1 npx vitest run html\/legacy\.fixture\.ts -t 'conformance of legacy\\\.dll in kernel mode marshalling'$/)

    // The violating event is drawn, highlighted, and scrolled into the timeline's view.
    const timeline = card.locator('.timeline')
    const focus = timeline.locator('.tl-focus')
    await expect(focus.getAttribute('data-seq')).resolves.toBe(String(expected.event!.seq))
    await expect(timeline.locator(`[data-seq="${expected.event!.seq}"]:not(.tl-focus)`).count()).resolves.toBe(1)
    const [box, view] = [await focus.boundingBox(), await timeline.locator('.tl-scroll').boundingBox()]
    expect(box!.x).toBeGreaterThanOrEqual(view!.x)
    expect(box!.x + box!.width).toBeLessThanOrEqual(view!.x + view!.width)
    await expect(timeline.locator('.tl-event.focus').textContent()).resolves.toContain(expected.event!.text)

    // Hover shows the event under the pointer.
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2)
    await expect(timeline.locator('.tl-tooltip').textContent()).resolves.toContain(expected.event!.text)
    await card.screenshot({ path: join(OUT, 'legacy-violation.png') })
    await page.screenshot({ path: join(OUT, 'overview.png') })

    // Filter by kind and zoom from the keyboard.
    const marks = () => timeline.locator('.tl-mem').count()
    expect(await marks()).toBeGreaterThan(0)
    await timeline.locator('input[data-category="memory"]').uncheck()
    await expect(marks()).resolves.toBe(0)
    await timeline.locator('input[data-category="memory"]').check()
    const width = async () => Number(await timeline.locator('.tl-svg').getAttribute('width'))
    const before = await width()
    await timeline.locator('.tl-scroll').focus()
    await page.keyboard.press('+')
    expect(await width()).toBeGreaterThan(before)
  }, 20_000)

  test('an exception that escaped the driver shows the source line it came from', async () => {
    await page.locator('[data-cell="legacy.dll|kernel|robustness"]').click()
    const card = page.locator('article.violation[data-rule="CE6-R02"]').first()
    await expect(card.locator('dt', { hasText: 'source' }).count()).resolves.toBe(1)
    await expect(card.textContent()).resolves.toMatch(/IOControl \(\S*examples\/legacy-ce5\/src\/legacy\.ts:\d+:\d+\)/)
  }, 20_000)

  test('a divergence shows the step in both modes side by side, with each mode\'s timeline', async () => {
    await page.locator('[data-cell="caps.dll|udevice|robustness"]').click()
    const div = page.locator('article.violation[data-rule="CE6-R07"] .divergence').first()
    await expect(div.locator('.mode-col[data-mode="kernel"] .timeline').count()).resolves.toBe(1)
    await expect(div.locator('.mode-col[data-mode="udevice"] .timeline').count()).resolves.toBe(1)
    await expect(div.locator('.mode-col[data-mode="kernel"] pre').first().textContent()).resolves.toContain('"bytes": 8')
    await expect(div.locator('table.aligned tbody tr').count()).resolves.toBeGreaterThan(0)
    await div.screenshot({ path: join(OUT, 'divergence.png') })
  }, 20_000)

  test('a failed property shows its shrunk program, the replay command and the counterexample\'s trace', async () => {
    const expected = report.properties!.find((p) => p.property === 'no-crash/kernel')!
    const card = page.locator('article.property[data-property="no-crash/kernel"]')
    const program = await card.locator('pre.program').textContent()
    expect(program).toContain('shrunk program')
    expect(program).toContain('#1 app0.exe')
    await expect(card.locator('.replay-cmd').textContent()).resolves.toBe(expected.replay)
    await expect(card.locator('.timeline').getAttribute('data-events')).resolves.toBe(String(expected.traces[0]!.trace.events.length))
    await expect(card.locator('.tl-fault').count()).resolves.toBeGreaterThan(0)
    await card.screenshot({ path: join(OUT, 'property.png') })
  }, 20_000)

  test('two drivers with one DLL name are two rows, each opening its own cells (issue 12 item 10)', async () => {
    // The same report with a second legacy.dll row: the CE5 driver and its port share a DLL name in a real run.
    const [first] = report.drivers.filter((d) => d.dll === 'legacy.dll')
    const port = { ...first!, definition: 'examples/port/src/legacy.ts', label: 'legacy.dll (spec/port.conformance.test.ts)', modes: { kernel: { ...first!.modes.kernel!, violations: [], families: Object.fromEntries(Object.entries(first!.modes.kernel!.families).map(([f, c]) => [f, { ...c, verdict: 'pass', violations: 0, failures: 0 }])) } } }
    const ce5 = { ...first!, label: 'legacy.dll (spec/ce5.conformance.test.ts)' }
    const dir = tempDir()
    writeFileSync(join(dir, 'two.html'), renderHtml({ ...report, drivers: [ce5, port, ...report.drivers.filter((d) => d.dll !== 'legacy.dll')] } as CedkReport))
    const two = await context.newPage()
    await two.goto(pathToFileURL(join(dir, 'two.html')).href)
    const heads = await two.locator('table.matrix th[scope="row"]').allTextContents()
    expect(heads).toEqual(expect.arrayContaining([ce5.label, port.label]))
    await two.locator(`[data-cell="${port.label}|kernel|marshalling"]`).click()
    await expect(two.locator('#case-title').textContent()).resolves.toContain(port.label)
    await expect(two.locator('#case').textContent()).resolves.toContain('Nothing found')
    await two.locator(`[data-cell="${ce5.label}|kernel|marshalling"]`).click()
    await expect(two.locator('#case article.violation').count()).resolves.toBeGreaterThan(0)
    await two.close()
  }, 20_000)

  test('keyboard and dark: a cell opens with Enter; the page reads in the dark scheme; no network, no console errors', async () => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.locator('[data-cell="legacy.dll|kernel|async-buffers"]').focus()
    await page.keyboard.press('Enter')
    await expect(page.locator('#case-title').textContent()).resolves.toContain('async-buffers')
    const bg = await page.locator('body').evaluate((body) => body.ownerDocument.defaultView!.getComputedStyle(body).backgroundColor)
    expect(bg).toBe('rgb(13, 17, 23)')
    await page.screenshot({ path: join(OUT, 'dark.png'), fullPage: false })
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([])
    expect(errors).toEqual([])
  }, 20_000)
})

// Without a browser the tests skip, and say so on stderr (vitest's default reporter prints no skip notes).
if (!browserPath) console.warn(`cedk: the HTML report's browser tests are skipped: ${NO_CHROMIUM}`)
test.skipIf(!!browserPath)(`the HTML report in Chromium: skipped, ${NO_CHROMIUM}`, ({ skip }) => skip(NO_CHROMIUM))
