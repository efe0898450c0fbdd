import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// IOCTL 1: the input holds a pointer to a DWORD of the caller (an embedded pointer).
export const scenario: Scenario = {
  async run({ app, h }) {
    const data = put(app, u32(0x1234))
    const pIn = put(app, u32(data))
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, 1, pIn, 4, pOut, 4)
  },
}
