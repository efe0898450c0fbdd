import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_GPS_QUERY, STATUS_BYTES } from './ioctls.js'

// One status query into the caller's block.
export const scenario: Scenario = {
  async run({ app, h }) {
    const status = app.alloc(STATUS_BYTES)
    await app.DeviceIoControl(h, IOCTL_GPS_QUERY, put(app, u32(status)), 4, 0, 0)
  },
}
