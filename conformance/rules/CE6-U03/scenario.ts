import type { Scenario } from '../../harness.js'
import { helper } from './helper.js'

// IOCTL 1: the driver has a user-mode helper work on a DWORD of its own.
export const scenario: Scenario = {
  modes: ['kernel'],
  modules: [helper],
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  },
}
