import type { Scenario } from '../../harness.js'

// An application that asks only for the version DWORD: a 4-byte out buffer at the start of a larger allocation, so
// the bytes after it are the application's own (a smaller buffer at a page end would fault instead).
export const scenario: Scenario = {
  async run({ app, h }) {
    const block = app.alloc(64)
    await app.DeviceIoControl(h, 1, 0, 0, block, 4)
  },
}
