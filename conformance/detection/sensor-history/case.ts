import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_SENSOR_READ_HISTORY } from './buggy.js'

export default {
  registry: driverKey('TempSensor', 'tempsens.dll', 'TMP'),
  ioctls: [{ name: 'SENSOR_READ_HISTORY', code: IOCTL_SENSOR_READ_HISTORY, inSize: 8, outSize: 4 }],
  expectedRule: 'CE6-M01',
  bug: 'writes the samples through the embedded array pointer without CeOpenCallerBuffer',
} satisfies DetectionCase
