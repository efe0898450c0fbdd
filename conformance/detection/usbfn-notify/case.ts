import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_USBFN_GET_STATE, IOCTL_USBFN_START } from './buggy.js'

export default {
  registry: driverKey('UsbFn', 'usbfnctl.dll', 'UFN'),
  ioctls: [
    { name: 'USBFN_START', code: IOCTL_USBFN_START, inSize: 8, outSize: 0 },
    { name: 'USBFN_GET_STATE', code: IOCTL_USBFN_GET_STATE, inSize: 0, outSize: 8 },
  ],
  expectedRule: 'CE6-C01',
  bug: 'calls the caller\'s routine back with CeDriverPerformCallback, which a udevice driver cannot do',
} satisfies DetectionCase
