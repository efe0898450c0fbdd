import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// IOCTL 1: the input is a length (4) followed by 4 bytes of data.
export const scenario: Scenario = {
  async run({ app, h }) {
    const pIn = put(app, [...u32(4), 1, 2, 3, 4])
    const pOut = app.alloc(8)
    await app.DeviceIoControl(h, 1, pIn, 8, pOut, 8)
  },
}
