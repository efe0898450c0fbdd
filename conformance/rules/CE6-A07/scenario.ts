import type { Scenario } from '../../harness.js'

// app.exe leaves a 16-byte output buffer with the driver and exits; other.exe's IOCTL 2 makes the driver finish.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    const pOut = app.alloc(16)
    await app.DeviceIoControl(h, 1, 0, 0, pOut, 16)
    await app.exit(0)
    const other = m.createProcess('other.exe')
    const h2 = (await other.CreateFile('TST1:')).handle
    await other.DeviceIoControl(h2, 2, 0, 0, 0, 0)
    await other.CloseHandle(h2)
  },
}
