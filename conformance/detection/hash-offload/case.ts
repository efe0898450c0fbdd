import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_HASH_BLOCK } from './buggy.js'

export default {
  registry: driverKey('Hash', 'hashacc.dll', 'HSH'),
  ioctls: [{ name: 'HASH_BLOCK', code: IOCTL_HASH_BLOCK, inSize: 8, outSize: 4 }],
  expectedRule: 'CE6-A03',
  bug: 'closes the caller buffer right after making the asynchronous buffer from it, and frees that later',
} satisfies DetectionCase
