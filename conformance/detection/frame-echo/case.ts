import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_LOOP_ECHO } from './buggy.js'

export default {
  registry: driverKey('Loopback', 'loopnet.dll', 'LPB'),
  ioctls: [{ name: 'LOOP_ECHO', code: IOCTL_LOOP_ECHO, inSize: 64, outSize: 64 }],
  expectedRule: 'CE6-M05',
  bug: 'validates the frame length in the caller\'s buffer, then fetches it there again for the copy',
} satisfies DetectionCase
