import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { FW_MAGIC, IOCTL_FW_VERIFY } from './ioctls.js'

// A 16-byte image whose header claims 32 bytes (rejected), then an intact one.
export const scenario: Scenario = {
  async run({ app, h }) {
    const payload = [1, 2, 3, 4]
    const bad = put(app, [...u32(FW_MAGIC), ...u32(32), ...u32(10), ...payload])
    await app.DeviceIoControl(h, IOCTL_FW_VERIFY, put(app, [...u32(bad), ...u32(16)]), 8, app.alloc(4), 4)
    const good = put(app, [...u32(FW_MAGIC), ...u32(16), ...u32(10), ...payload])
    await app.DeviceIoControl(h, IOCTL_FW_VERIFY, put(app, [...u32(good), ...u32(16)]), 8, app.alloc(4), 4)
  },
}
