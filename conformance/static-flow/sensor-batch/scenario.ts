import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_ACCEL_READ_BATCH } from './ioctls.js'

// Four samples into the caller's array.
export const scenario: Scenario = {
  async run({ app, h }) {
    const samples = app.alloc(16)
    await app.DeviceIoControl(h, IOCTL_ACCEL_READ_BATCH, put(app, [...u32(samples), ...u32(4)]), 8, 0, 0)
  },
}
