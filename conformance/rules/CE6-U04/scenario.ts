import { helperKey, type Scenario } from '../../harness.js'
import { IOCTL_FORWARD } from './peer.js'

// Two instances of the driver: TST1: in the mode under test and PER1: in the other. app.exe asks the kernel-mode
// one to forward a request to the user-mode one (kernel mode: TST1: sends; udevice: TST1: receives).
export const scenario: Scenario = {
  values: '"Peer"="PER1:"\n',
  helpers: (mode, dll) => [helperKey('Per', dll, 'PER', mode === 'kernel' ? 0x10 : 0, '"Peer"="TST1:"\n')],
  async run({ app, h, mode }) {
    const sender = mode === 'kernel' ? h : (await app.CreateFile('PER1:')).handle
    await app.DeviceIoControl(sender, IOCTL_FORWARD, 0, 0, app.alloc(4), 4)
    if (sender !== h) await app.CloseHandle(sender)
  },
}
