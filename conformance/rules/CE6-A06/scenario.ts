import type { Scenario } from '../../harness.js'

// IOCTL 1 gives the driver a 16-byte output buffer to fill later; IOCTL 2 is "later".
export const scenario: Scenario = {
  modes: ['udevice'],
  async run({ app, h }) {
    const pOut = app.alloc(16)
    await app.DeviceIoControl(h, 1, 0, 0, pOut, 16)
    await app.DeviceIoControl(h, 2, 0, 0, 0, 0)
  },
}
