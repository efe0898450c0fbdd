import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_DMA_START, IOCTL_DMA_WAIT } from './ioctls.js'

// One 16-byte transfer into the caller's buffer, then a wait for it.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    const buf = app.alloc(16)
    await app.DeviceIoControl(h, IOCTL_DMA_START, put(app, [...u32(buf), ...u32(16)]), 8, 0, 0)
    await m.advance(1)
    await app.DeviceIoControl(h, IOCTL_DMA_WAIT, 0, 0, 0, 0)
  },
}
