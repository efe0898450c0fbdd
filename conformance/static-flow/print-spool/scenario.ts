import type { Scenario } from '../../harness.js'
import { put } from '../../harness.js'

// One short job; the bench lets the spooler run.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    const text = [...'HELLO\r\n'].map((c) => c.charCodeAt(0))
    await app.WriteFile(h, put(app, text), text.length)
    await m.advance(5)
  },
}
