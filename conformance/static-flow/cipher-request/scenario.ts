import type { Scenario } from '../../harness.js'
import { put } from '../../harness.js'
import { IOCTL_CRYPT_APPLY, IOCTL_CRYPT_SET_KEY, KEY_BYTES } from './ioctls.js'

// A key, then eight bytes through the engine.
export const scenario: Scenario = {
  async run({ app, h }) {
    await app.DeviceIoControl(h, IOCTL_CRYPT_SET_KEY, put(app, Array.from({ length: KEY_BYTES }, (_, i) => i * 11)), KEY_BYTES, 0, 0)
    await app.DeviceIoControl(h, IOCTL_CRYPT_APPLY, put(app, [1, 2, 3, 4, 5, 6, 7, 8]), 8, app.alloc(8), 8)
  },
}
