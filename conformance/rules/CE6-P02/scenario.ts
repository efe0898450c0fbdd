import type { Scenario } from '../../harness.js'
import { RESOURCES, registers } from '../../registers.js'

// Init binds the device's interrupt to an event (the key gives SysIntr 19 for IRQ 3), IOCTL 1, Deinit releases it.
export const scenario: Scenario = {
  modes: ['udevice'],
  values: RESOURCES,
  hardware: registers,
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
