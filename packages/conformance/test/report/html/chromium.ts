// Headless Chromium for the HTML report's browser tests, through playwright-core and the distribution's chromium
// package (browser downloads are not possible here; .ci/run installs it). No chromium: the tests skip, saying why.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** CEDK_CHROMIUM, else Debian's /usr/bin/chromium; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  const p = process.env.CEDK_CHROMIUM ?? '/usr/bin/chromium'
  return existsSync(p) ? p : undefined
}

export const NO_CHROMIUM = 'no chromium at /usr/bin/chromium (or CEDK_CHROMIUM): install it (apt-get install chromium) to run the HTML report browser tests'

/** A fresh profile every time, and nothing in the background that could reach the network. */
export async function launchChromium(executablePath: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cedk-chromium-')), {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
