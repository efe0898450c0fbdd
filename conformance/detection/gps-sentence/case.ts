import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_GPS_INJECT_SENTENCE } from './buggy.js'

export default {
  registry: driverKey('Gps', 'gpsnmea.dll', 'GPS'),
  ioctls: [{ name: 'GPS_INJECT_SENTENCE', code: IOCTL_GPS_INJECT_SENTENCE, inSize: 8, outSize: 4 }],
  expectedRule: 'CE6-M06',
  bug: 'reads the sentence type through the marshalled pointer after CeCloseCallerBuffer',
} satisfies DetectionCase
