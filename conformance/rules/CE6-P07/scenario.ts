import type { Scenario } from '../../harness.js'
import { put } from '../../harness.js'

// IOCTL 1: app.exe sends 16 bytes of a record to be decoded (XOR 0x5A) and gets the decoded bytes back.
export const scenario: Scenario = {
  modes: ['udevice'],
  async run({ app, h }) {
    const pIn = put(app, Array.from({ length: 16 }, (_, i) => i ^ 0x5a))
    const pOut = app.alloc(16)
    await app.DeviceIoControl(h, 1, pIn, 16, pOut, 16)
  },
}
