import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// IOCTL 1 from a user process whose input holds a kernel address.
export const scenario: Scenario = {
  modes: ['kernel'],
  async run({ app, h }) {
    const pIn = put(app, u32(0x80001000))
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, 1, pIn, 4, pOut, 4)
  },
}
