// The scenario most robustness pairs share: one IOCTL with a 4-byte input, then the run ends (Close, Deinit).
import { put, u32, type Scenario } from './harness.js'

export const oneIoctl: Scenario = {
  async run({ app, h }) {
    const pIn = put(app, u32(0))
    await app.DeviceIoControl(h, 1, pIn, 4, 0, 0)
  },
}
