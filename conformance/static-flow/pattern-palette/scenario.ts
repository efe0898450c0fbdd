import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_PATTERN_PIXEL, IOCTL_PATTERN_SET } from './ioctls.js'

// A 4×2 pattern over a three-colour palette, then the colour of pixel (1, 1).
export const scenario: Scenario = {
  async run({ app, h }) {
    const palette = put(app, [...u32(0xff0000), ...u32(0x00ff00), ...u32(0x0000ff)])
    const desc = put(app, [...u32(4), ...u32(2), ...u32(palette), ...u32(3)])
    await app.DeviceIoControl(h, IOCTL_PATTERN_SET, desc, 16, 0, 0)
    const xy = put(app, [...u32(1), ...u32(1)])
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, IOCTL_PATTERN_PIXEL, xy, 8, pOut, 4)
  },
}
