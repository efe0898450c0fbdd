import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// IOCTL 1: the input holds a pointer to a 16-byte buffer of the caller.
export const scenario: Scenario = {
  async run({ app, h }) {
    const data = app.alloc(16)
    const pIn = put(app, u32(data))
    await app.DeviceIoControl(h, 1, pIn, 4, 0, 0)
  },
}
