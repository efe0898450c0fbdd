import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_LED_SET_PATTERN } from './buggy.js'

export default {
  registry: driverKey('Led', 'ledctl.dll', 'LED'),
  ioctls: [{ name: 'LED_SET_PATTERN', code: IOCTL_LED_SET_PATTERN, inSize: 8, outSize: 0 }],
  expectedRule: 'CE6-M03',
  bug: 'acknowledges a request by writing a flag back into lpInBuf, an input-only buffer',
} satisfies DetectionCase
