import type { Scenario } from '../../harness.js'
import { RESOURCES, registers } from '../../registers.js'

// IOCTL 1: the driver installs the GIISR its key names and tells it which status register to check.
export const scenario: Scenario = {
  modes: ['udevice'],
  values: RESOURCES,
  hardware: registers,
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
