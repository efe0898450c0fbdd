import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_KEY_INJECT, IOCTL_KEY_WAIT } from './ioctls.js'

// A reader thread waits for a key while the bench injects one.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    const pOut = app.alloc(4)
    const reader = app.createThread('reader')
    const waited = reader.DeviceIoControl(h, IOCTL_KEY_WAIT, 0, 0, pOut, 4)
    await m.advance(1)
    await app.DeviceIoControl(h, IOCTL_KEY_INJECT, put(app, u32(0x1e)), 4, 0, 0)
    await waited
    await m.advance(5)
  },
}
