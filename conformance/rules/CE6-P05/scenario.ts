import type { Scenario } from '../../harness.js'

// IOCTL 1: the driver asks the OAL for platform information.
export const scenario: Scenario = {
  modes: ['udevice'],
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
