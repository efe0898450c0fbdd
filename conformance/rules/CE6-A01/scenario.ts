import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// IOCTL 1 hands the driver a DWORD; IOCTL 2 (no buffers) tells it to use the value now.
export const scenario: Scenario = {
  async run({ app, h }) {
    const pIn = put(app, u32(42))
    await app.DeviceIoControl(h, 1, pIn, 4, 0, 0)
    await app.DeviceIoControl(h, 2, 0, 0, 0, 0)
  },
}
