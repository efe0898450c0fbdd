import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_KEYPAD_GET_KEY } from './buggy.js'

export default {
  registry: driverKey('Keypad', 'keypad.dll', 'KPD'),
  ioctls: [{ name: 'KEYPAD_GET_KEY', code: IOCTL_KEYPAD_GET_KEY, inSize: 0, outSize: 8 }],
  expectedRule: 'CE6-R03',
  bug: 'Close forgets the per-handle key-ready event Open created',
} satisfies DetectionCase
