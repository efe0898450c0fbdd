import type { Scenario } from '../../harness.js'
import { put, u32 } from '../../harness.js'
import { IOCTL_GAUGE_LEVEL, IOCTL_GAUGE_SUBSCRIBE, IOCTL_GAUGE_UPDATE } from './ioctls.js'

// app.exe subscribes; the power manager (another process) reports a new reading; app.exe reads the level.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    await app.DeviceIoControl(h, IOCTL_GAUGE_SUBSCRIBE, 0, 0, app.alloc(4), 4)
    const pm = m.createProcess('pm.exe')
    const hPm = (await pm.CreateFile('TST1:')).handle
    await pm.DeviceIoControl(hPm, IOCTL_GAUGE_UPDATE, put(pm, u32(42)), 4, 0, 0)
    await pm.CloseHandle(hPm)
    await app.DeviceIoControl(h, IOCTL_GAUGE_LEVEL, 0, 0, app.alloc(4), 4)
  },
}
