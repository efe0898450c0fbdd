import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_ADC_CONVERT } from './buggy.js'

export default {
  registry: driverKey('Adc', 'adcconv.dll', 'ADC'),
  ioctls: [{ name: 'ADC_CONVERT', code: IOCTL_ADC_CONVERT, inSize: 4, outSize: 4 }],
  expectedRule: 'CE6-A01',
  bug: 'its worker thread writes the sample to the caller\'s output buffer without an asynchronous buffer',
} satisfies DetectionCase
