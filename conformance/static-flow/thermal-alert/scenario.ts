import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import thermui from './thermui.js'
import { IOCTL_THERMAL_REPORT } from './ioctls.js'

// A normal reading, then one over the alert level. The companion DLL is on the machine for the drivers that use it.
export const scenario: Scenario = {
  modules: [thermui],
  async run({ app, h }) {
    await app.DeviceIoControl(h, IOCTL_THERMAL_REPORT, put(app, u32(450)), 4, 0, 0)
    await app.DeviceIoControl(h, IOCTL_THERMAL_REPORT, put(app, u32(912)), 4, 0, 0)
  },
}
