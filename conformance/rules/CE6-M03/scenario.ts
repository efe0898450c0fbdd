import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// IOCTL 1 with a 4-byte input and a 4-byte output buffer.
export const scenario: Scenario = {
  async run({ app, h }) {
    const pIn = put(app, u32(7))
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, 1, pIn, 4, pOut, 4)
  },
}
