import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_CAPTURE_START, IOCTL_CAPTURE_STOP } from './ioctls.js'

// A 32-byte ring captured into for a few milliseconds, then stopped.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    const ring = app.alloc(32)
    await app.DeviceIoControl(h, IOCTL_CAPTURE_START, put(app, [...u32(ring), ...u32(32)]), 8, 0, 0)
    await m.advance(5)
    await app.DeviceIoControl(h, IOCTL_CAPTURE_STOP, 0, 0, 0, 0)
  },
}
