import type { Scenario } from '../../harness.js'
import { helper } from './helper.js'

// IOCTL 1 fails, and the driver tells the user.
export const scenario: Scenario = {
  modes: ['kernel'],
  modules: [helper],
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
