import type { Scenario } from '../../harness.js'

// IOCTL 1 fails, and the driver wants the user to know.
export const scenario: Scenario = {
  modes: ['udevice'],
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
