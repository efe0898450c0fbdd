import type { Scenario } from '../../harness.js'

// IOCTL 1 with a 16-byte output buffer; the driver signals a named event when the data is there.
export const scenario: Scenario = {
  async run({ app, h }) {
    const pOut = app.alloc(16)
    await app.DeviceIoControl(h, 1, 0, 0, pOut, 16)
  },
}
