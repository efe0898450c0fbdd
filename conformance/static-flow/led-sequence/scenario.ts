import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_LED_PROGRAM, IOCTL_LED_STEP } from './ioctls.js'

// A two-step program (red 100 ms, green 50 ms), then step 1 read back.
export const scenario: Scenario = {
  async run({ app, h }) {
    const red = put(app, [...u32(0xff0000), ...u32(100)])
    const green = put(app, [...u32(0x00ff00), ...u32(50)])
    const prog = put(app, [...u32(2), ...u32(red), ...u32(green)])
    await app.DeviceIoControl(h, IOCTL_LED_PROGRAM, prog, 12, 0, 0)
    const pOut = app.alloc(8)
    await app.DeviceIoControl(h, IOCTL_LED_STEP, put(app, u32(1)), 4, pOut, 8)
  },
}
