import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_SG_GATHER } from './ioctls.js'

// Two segments (4 and 8 bytes) gathered into a 16-byte output.
export const scenario: Scenario = {
  async run({ app, h }) {
    const a = put(app, [1, 2, 3, 4])
    const b = put(app, [5, 6, 7, 8, 9, 10, 11, 12])
    const list = put(app, [...u32(2), ...u32(a), ...u32(4), ...u32(b), ...u32(8)])
    await app.DeviceIoControl(h, IOCTL_SG_GATHER, list, 20, app.alloc(16), 16, app.alloc(4))
  },
}
