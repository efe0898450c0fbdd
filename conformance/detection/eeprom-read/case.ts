import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_EEPROM_READ } from './buggy.js'

export default {
  registry: driverKey('Eeprom', 'eeprom.dll', 'EEP'),
  ioctls: [{ name: 'EEPROM_READ', code: IOCTL_EEPROM_READ, inSize: 8, outSize: 64 }],
  expectedRule: 'CE6-M07',
  bug: 'maps its parameter buffers with the CE5 MapCallerPtr',
} satisfies DetectionCase
