import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'

// app.exe registers a routine and passes its id in IOCTL 1; the driver must tell it the work is done.
export const scenario: Scenario = {
  modes: ['udevice'],
  async run({ app, h }) {
    const id = app.CeDriverMapCallbackFunction(() => 0)
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, 1, put(app, u32(id)), 4, pOut, 4)
  },
}
