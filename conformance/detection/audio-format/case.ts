import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_WAV_SET_FORMAT } from './buggy.js'

export default {
  registry: driverKey('Wave', 'wavdev.dll', 'WAV'),
  ioctls: [{ name: 'WAV_SET_FORMAT', code: IOCTL_WAV_SET_FORMAT, inSize: 8, outSize: 0 }],
  expectedRule: 'CE6-M04',
  bug: 'returns on an unsupported format without closing the caller buffer it opened',
} satisfies DetectionCase
