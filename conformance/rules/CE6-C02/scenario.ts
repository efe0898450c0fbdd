import { helperKey, type Scenario } from '../../harness.js'
import { bus } from './bus.js'

// A bus driver in udevice, in its own host; the driver under test is its client (in the kernel, or in another
// udevice host) and asks it to add two numbers on IOCTL 1.
export const scenario: Scenario = {
  modules: [bus],
  helpers: () => [helperKey('Bus', 'tstbus.dll', 'BUS', 0x10, '"UserProcGroup"=dword:3\n')],
  async run({ app, h }) {
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, 1, 0, 0, pOut, 4)
  },
}
