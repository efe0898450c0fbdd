import type { Scenario } from '../../harness.js'
import { IOCTL_MODEM_RESET } from './ioctls.js'

// One reset; the bench then lets the modem settle.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    await app.DeviceIoControl(h, IOCTL_MODEM_RESET, 0, 0, app.alloc(4), 4)
    await m.advance(10)
  },
}
