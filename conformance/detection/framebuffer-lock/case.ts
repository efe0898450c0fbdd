import type { DetectionCase } from '../detection-case.js'
import { driverKey } from '../hardware.js'
import { IOCTL_LCD_BLIT, IOCTL_LCD_GET_INFO } from './buggy.js'

export default {
  registry: driverKey('Lcd', 'lcdfb.dll', 'LCD'),
  ioctls: [
    { name: 'LCD_BLIT', code: IOCTL_LCD_BLIT, inSize: 1024, outSize: 0 },
    { name: 'LCD_GET_INFO', code: IOCTL_LCD_GET_INFO, inSize: 0, outSize: 12 },
  ],
  expectedRule: 'CE6-P05',
  bug: 'locks its shadow frame buffer with LockPages, a kernel-only API, in Init',
} satisfies DetectionCase
