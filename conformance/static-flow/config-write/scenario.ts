import type { Scenario } from '../../harness.js'
import { put } from '../../harness.js'

// Two settings written as text.
export const scenario: Scenario = {
  async run({ app, h }) {
    const text = [...'Baud=115200\nParity=None\n'].map((c) => c.charCodeAt(0))
    await app.WriteFile(h, put(app, text), text.length)
  },
}
