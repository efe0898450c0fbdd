import type { Scenario } from '../../harness.js'
import { RESOURCES, registers } from '../../registers.js'

// IOCTL 1: the driver reads a status register of its device (the key declares a 0x100-byte window on it).
export const scenario: Scenario = {
  modes: ['udevice'],
  values: RESOURCES,
  hardware: registers,
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
