import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_TOUCH_GET_CALIBRATION, IOCTL_TOUCH_SET_CALIBRATION } from './buggy.js'

export default {
  registry: driverKey('Touch', 'touchcal.dll', 'TCH'),
  ioctls: [
    { name: 'TOUCH_SET_CALIBRATION', code: IOCTL_TOUCH_SET_CALIBRATION, inSize: 28, outSize: 0 },
    { name: 'TOUCH_GET_CALIBRATION', code: IOCTL_TOUCH_GET_CALIBRATION, inSize: 0, outSize: 28 },
  ],
  expectedRule: 'CE6-A05',
  bug: 'widens its permissions with the CE5 SetProcPermissions around every request',
} satisfies DetectionCase
